package io.parley.application.port.out;

import java.util.function.Consumer;

/**
 * The assistant that answers in conversations (a language model behind an OpenAI-compatible API, or the
 * offline echo responder). Implementations own their fault tolerance (retries, circuit breaker, timeouts,
 * concurrency bound) and report failures as values, never as exceptions; an exception thrown by the caller's
 * {@code stream} is the caller's bug: it ends the reply and reaches the caller, itself or as the cause,
 * and is not retried. {@code AssistantPortContract} (the application's test jar) checks an implementation.
 */
public interface AssistantPort {

    /**
     * Generates the reply to {@code prompt}, streaming it: each piece of text, reasoning or tool call goes to
     * {@code stream} as soon as it arrives, on the calling thread, in order. Blocks until the reply is complete,
     * has failed, or was cancelled through {@code cancellation} (which also ends the upstream request).
     */
    AssistantReply reply(AssistantPrompt prompt, Stream stream, RunCancellation cancellation);

    /**
     * Where an assistant streams its reply as it arrives, on the run's thread, in order: text ({@link #accept}), the
     * model's reasoning, the tool calls it makes (each begun, then its arguments in fragments exactly as the model
     * sent them), and, from agents that keep one, changes of the conversation's shared state. A call's arguments may
     * interleave with another's; a call is complete when the reply is.
     */
    @FunctionalInterface
    interface Stream extends Consumer<String> {

        /** A piece of the reply's text. */
        @Override
        void accept(String delta);

        /** A piece of the model's reasoning, shown apart from the answer. */
        default void reasoning(String delta) {
        }

        /** The model begins a call of the tool {@code name}, with the id {@code id} it gave the call. */
        default void toolCallStarted(String id, String name) {
        }

        /** A fragment of the arguments of the call {@code id}. */
        default void toolCallArguments(String id, String delta) {
        }

        /** The agent replaces the conversation's shared state with {@code snapshot} (JSON text). */
        default void stateSnapshot(String snapshot) {
        }

        /** The agent changes the conversation's shared state with an RFC 6902 patch ({@code patch}, JSON text). */
        default void stateDelta(String patch) {
        }

        /**
         * The agent broke the rules of its protocol (an event out of place, a state patch that does not apply): the
         * reply cannot be trusted. The run ends with {@code RUN_ERROR} {@code upstream_error} and nothing is stored.
         */
        default void broken(String reason) {
        }
    }
}

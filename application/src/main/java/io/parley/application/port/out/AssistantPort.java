package io.parley.application.port.out;

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
    AssistantReply reply(AssistantPrompt prompt, AssistantStream stream, RunCancellation cancellation);
}

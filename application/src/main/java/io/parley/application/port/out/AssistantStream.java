package io.parley.application.port.out;

import java.util.function.Consumer;

/**
 * Where an assistant streams its reply as it arrives, on the run's thread, in order: text ({@link #accept}), the
 * model's reasoning, and the tool calls it makes (each begun, then its arguments in fragments exactly as the model
 * sent them). A call's arguments may interleave with another's; a call is complete when the reply is.
 */
@FunctionalInterface
public interface AssistantStream extends Consumer<String> {

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
}

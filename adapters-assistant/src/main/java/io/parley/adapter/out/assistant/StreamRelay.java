package io.parley.adapter.out.assistant;

import io.parley.application.port.out.AssistantPort;

/**
 * Hands what the upstream produced to the caller's {@link AssistantPort.Stream} on the run's thread, and notes it
 * in the run's {@link RunProgress}: a Chat Completions chunk in the order it stands in the chunk (reasoning, text,
 * then the tool calls as they begin and their argument fragments), or an agent's pieces one by one. A stream that
 * throws is the caller's bug ({@link DeltaConsumerFailed}).
 */
final class StreamRelay {
    private final RunProgress progress;
    private final AssistantPort.Stream stream;

    StreamRelay(RunProgress progress, AssistantPort.Stream stream) {
        this.progress = progress;
        this.stream = stream;
    }

    /** Relays one chunk. */
    void relay(StreamEvent.Chunk chunk) {
        progress.noted(chunk);
        reasoning(chunk.reasoning());
        text(chunk.text());
        chunk.toolCalls().forEach(this::toolCall);
    }

    /** A piece of the reply's text; nothing for an empty one. */
    void text(String delta) {
        if (!delta.isEmpty()) {
            progress.append(delta);
            tell(() -> stream.accept(delta));
        }
    }

    /** A piece of the model's reasoning; nothing for an empty one. */
    void reasoning(String delta) {
        if (!delta.isEmpty()) {
            progress.appendReasoning(delta);
            tell(() -> stream.reasoning(delta));
        }
    }

    /** A tool-call fragment: the steps it makes (a call begins, a fragment of its arguments). */
    void toolCall(StreamEvent.ToolCallDelta delta) {
        for (ToolCallAssembly.Step step : progress.toolCall(delta)) {
            tell(() -> {
                switch (step) {
                    case ToolCallAssembly.Step.Started s -> stream.toolCallStarted(s.id(), s.name());
                    case ToolCallAssembly.Step.Arguments a -> stream.toolCallArguments(a.id(), a.fragment());
                }
            });
        }
    }

    /** The agent replaced the shared state with {@code snapshot} (JSON text). */
    void stateSnapshot(String snapshot) {
        tell(() -> stream.stateSnapshot(snapshot));
    }

    /** The agent changed the shared state with {@code patch} (an RFC 6902 patch, JSON text). */
    void stateDelta(String patch) {
        tell(() -> stream.stateDelta(patch));
    }

    /** The agent broke its protocol's rules. */
    void broken(String reason) {
        tell(() -> stream.broken(reason));
    }

    private static void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            throw new DeltaConsumerFailed(e);
        }
    }
}

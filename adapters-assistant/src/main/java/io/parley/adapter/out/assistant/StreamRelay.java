package io.parley.adapter.out.assistant;

import io.parley.application.port.out.AssistantPort;

/**
 * Hands what each chunk carries to the caller's {@link AssistantPort.Stream} on the run's thread, in the order it
 * stands in the chunk: reasoning, text, then the tool calls as they begin and their argument fragments; and
 * notes all of it in the run's {@link RunProgress}. A stream that throws is the caller's bug
 * ({@link DeltaConsumerFailed}).
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
        if (!chunk.reasoning().isEmpty()) {
            progress.appendReasoning(chunk.reasoning());
            tell(() -> stream.reasoning(chunk.reasoning()));
        }
        if (!chunk.text().isEmpty()) {
            progress.append(chunk.text());
            tell(() -> stream.accept(chunk.text()));
        }
        for (StreamEvent.ToolCallDelta delta : chunk.toolCalls()) {
            for (ToolCallAssembly.Step step : progress.toolCall(delta)) {
                tell(() -> {
                    switch (step) {
                        case ToolCallAssembly.Step.Started s -> stream.toolCallStarted(s.id(), s.name());
                        case ToolCallAssembly.Step.Arguments a -> stream.toolCallArguments(a.id(), a.fragment());
                    }
                });
            }
        }
    }

    private static void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            throw new DeltaConsumerFailed(e);
        }
    }
}

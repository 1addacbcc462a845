package io.parley.adapter.out.assistant;

import io.parley.application.port.out.AssistantPort;
import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.AssistantReply.Failure;

/**
 * A Chat Completions stream as an {@link Attempt} reads it: each chunk {@link StreamRelay relayed}; {@code [DONE]},
 * or the end of the body after a {@code finish_reason}, completes the reply (with text, tool calls or both); an
 * in-stream error or data that is no chunk fails it.
 */
final class ChatStream implements StreamProtocol {
    private static final String PROVIDER = "openai";

    private final RunProgress progress;
    private final StreamRelay relay;

    ChatStream(RunProgress progress, AssistantPort.Stream deltas) {
        this.progress = progress;
        this.relay = new StreamRelay(progress, deltas);
    }

    @Override
    public AssistantReply take(StreamEvent event) {
        return switch (event) {
            case StreamEvent.Chunk chunk -> {
                relay.relay(chunk);
                yield null;
            }
            case StreamEvent.Done done -> completed();
            case StreamEvent.Ended ended -> {
                if (progress.finishReason() == null) {
                    throw broken(Failure.UNAVAILABLE, "the provider's stream ended before the reply was complete");
                }
                yield completed();
            }
            case StreamEvent.ProviderError error -> throw broken(Failure.UPSTREAM_ERROR,
                    "the assistant provider reported an error: " + error.message());
            case StreamEvent.Unreadable unreadable -> throw broken(Failure.UPSTREAM_ERROR, unreadable.message());
            default -> throw new IllegalStateException("not an event of a Chat Completions stream: " + event);
        };
    }

    @Override
    public boolean started() {
        return progress.started();
    }

    private AssistantReply completed() {
        if (progress.text().isEmpty() && progress.toolCallCount() == 0) {
            throw new AttemptFailure.Refused("the assistant provider returned no text and no tool call (finish "
                    + "reason: " + progress.finishReason() + ")", "");
        }
        return progress.completed(PROVIDER);
    }

    private AttemptFailure broken(Failure failure, String message) {
        return new AttemptFailure.Broken(failure, message, progress.text());
    }
}

package io.parley.domain.delivery;

import java.util.Optional;

import io.parley.domain.protocol.AgUiEvent;
import io.parley.domain.protocol.ServerEvent;

/**
 * How a lagging connection gets an assistant's text: once more than {@code laggingBytes} wait for it, consecutive
 * pieces ({@code TEXT_MESSAGE_CONTENT}) of the same message that are still waiting become one piece, carrying the
 * later {@code seq}: the same text in fewer frames. A connection that keeps up gets every piece as it was sent.
 */
public record DeltaMerging(long laggingBytes) {
    public DeltaMerging {
        if (laggingBytes < 0) {
            throw new IllegalArgumentException("the lag threshold must not be negative: " + laggingBytes);
        }
    }

    /** Whether a connection with {@code queuedBytes} waiting lags. */
    public boolean lagging(long queuedBytes) {
        return queuedBytes > laggingBytes;
    }

    /** {@code first} and {@code next} as one piece, when {@code next} continues {@code first}'s message. */
    public static Optional<ServerEvent.RunEvent> join(ServerEvent first, ServerEvent next) {
        if (first instanceof ServerEvent.RunEvent a && a.event() instanceof AgUiEvent.TextMessageContent textA
                && next instanceof ServerEvent.RunEvent b && b.event() instanceof AgUiEvent.TextMessageContent textB
                && a.runId().equals(b.runId()) && a.conversation().equals(b.conversation())
                && textA.messageId().equals(textB.messageId())) {
            return Optional.of(new ServerEvent.RunEvent(b.conversation(), b.runId(), b.seq(),
                    new AgUiEvent.TextMessageContent(textA.messageId(), textA.delta() + textB.delta())));
        }
        return Optional.empty();
    }
}

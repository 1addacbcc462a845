package io.parley.domain.delivery;

import io.parley.domain.connection.CloseCode;
import io.parley.domain.connection.CloseReason;

/**
 * When a connection is a slow consumer: a frame that would take its outbound queue past {@code maxQueuedBytes}
 * is not queued (nobody waits for a reader that cannot keep up); the connection is closed with 4009 instead, and
 * what was queued for it is dropped (it recovers with {@code join since} on its next connection).
 */
public record SlowConsumerPolicy(long maxQueuedBytes) {
    public SlowConsumerPolicy {
        if (maxQueuedBytes < 1) {
            throw new IllegalArgumentException("an outbound queue needs room: " + maxQueuedBytes);
        }
    }

    /** Whether adding {@code frameBytes} to {@code queuedBytes} takes the queue past its bound. */
    public boolean overflows(long queuedBytes, long frameBytes) {
        return queuedBytes + frameBytes > maxQueuedBytes;
    }

    /** How a slow consumer is closed. */
    public CloseReason closeReason() {
        return CloseReason.of(CloseCode.SLOW_CONSUMER, "outbound queue over " + maxQueuedBytes + " bytes");
    }
}

package io.parley.domain.heartbeat;

import java.time.Instant;

/**
 * The moments that tell whether a connection is alive.
 *
 * @param lastInbound the last frame of any kind from the client
 * @param lastRequest the last request (not a ping or pong) from the client
 * @param lastPing the last ping the server sent
 */
public record Liveness(Instant lastInbound, Instant lastRequest, Instant lastPing) {
    public Liveness {
        if (lastInbound == null || lastRequest == null || lastPing == null) {
            throw new IllegalArgumentException("liveness needs all three instants");
        }
    }

    /** A connection that has just opened at {@code at}. */
    public static Liveness openedAt(Instant at) {
        return new Liveness(at, at, at);
    }
}

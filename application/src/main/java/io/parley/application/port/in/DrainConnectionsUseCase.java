package io.parley.application.port.in;

import java.time.Duration;

/** Empties the node for shutdown. */
public interface DrainConnectionsUseCase {

    /**
     * Refuses new connections from now on, closes every open one with 1001 once its queued frames are written,
     * and waits until all have ended or {@code timeout} passed. Returns how many were still open then.
     */
    int drain(Duration timeout);

    /** Whether the node drains: it takes no new connections or requests (readiness reports it down). */
    boolean draining();
}

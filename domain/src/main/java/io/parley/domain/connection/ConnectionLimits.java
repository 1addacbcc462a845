package io.parley.domain.connection;

import java.time.Duration;

/**
 * How many connections a node holds in all and per client, and how long a refused client should wait.
 */
public record ConnectionLimits(int maxTotal, int maxPerClient, Duration retryAfter) {

    public ConnectionLimits {
        if (maxTotal < 1 || maxPerClient < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1");
        }
        if (retryAfter == null || retryAfter.isNegative()) {
            throw new IllegalArgumentException("retry-after must not be negative");
        }
    }

    /** The protocol's defaults: 1000 in all, 5 per client, retry after 5 s. */
    public static ConnectionLimits defaults() {
        return new ConnectionLimits(1000, 5, Duration.ofSeconds(5));
    }

    /**
     * Decides on one more connection given the node's current count, the client's, and whether the node drains.
     */
    public AdmissionDecision decide(int total, int ofClient, boolean draining) {
        if (draining) {
            return new AdmissionDecision.Refuse(UpgradeRefusal.SHUTTING_DOWN, "this node is shutting down", retryAfter);
        }
        if (total >= maxTotal) {
            return new AdmissionDecision.Refuse(UpgradeRefusal.NODE_FULL,
                    "this node holds its maximum of " + maxTotal + " connections", retryAfter);
        }
        if (ofClient >= maxPerClient) {
            return new AdmissionDecision.Refuse(UpgradeRefusal.TOO_MANY_FOR_CLIENT,
                    "this client already holds " + ofClient + " connections (at most " + maxPerClient + ")",
                    retryAfter);
        }
        return new AdmissionDecision.Admit();
    }
}

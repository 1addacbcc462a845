package io.parley.domain.connection;

import java.time.Duration;

/**
 * How many connections a node holds in all, per client (the user, or the address of an anonymous client) and per
 * address (whatever users it claims), and how long a refused client should wait.
 */
public record ConnectionLimits(int maxTotal, int maxPerClient, int maxPerAddress, Duration retryAfter) {

    public ConnectionLimits {
        if (maxTotal < 1 || maxPerClient < 1 || maxPerAddress < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1");
        }
        if (retryAfter == null || retryAfter.isNegative()) {
            throw new IllegalArgumentException("retry-after must not be negative");
        }
    }

    /** The protocol's defaults: 1000 in all, 5 per client, 100 per address, retry after 5 s. */
    public static ConnectionLimits defaults() {
        return new ConnectionLimits(1000, 5, 100, Duration.ofSeconds(5));
    }

    /**
     * Decides on one more connection given the node's current count, the client's, the address's, and whether
     * the node drains.
     */
    public AdmissionDecision decide(int total, int ofClient, int ofAddress, boolean draining) {
        if (draining) {
            return new AdmissionDecision.Refuse(UpgradeRefusal.SHUTTING_DOWN, "this node is shutting down", retryAfter);
        }
        if (total >= maxTotal) {
            return new AdmissionDecision.Refuse(UpgradeRefusal.NODE_FULL,
                    "this node holds its maximum of " + maxTotal + " connections", retryAfter);
        }
        if (ofAddress >= maxPerAddress) {
            return new AdmissionDecision.Refuse(UpgradeRefusal.TOO_MANY_FOR_ADDRESS,
                    "this address already holds " + ofAddress + " connections (at most " + maxPerAddress + ")",
                    retryAfter);
        }
        if (ofClient >= maxPerClient) {
            return new AdmissionDecision.Refuse(UpgradeRefusal.TOO_MANY_FOR_CLIENT,
                    "this client already holds " + ofClient + " connections (at most " + maxPerClient + ")",
                    retryAfter);
        }
        return new AdmissionDecision.Admit();
    }
}

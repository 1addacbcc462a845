package io.parley.application.service;

import java.time.Duration;

/**
 * How webhooks are delivered.
 *
 * @param node        this node's id (who holds the delivering lease)
 * @param lease       how long the lease lasts without renewal (a dead leader's successor waits this long)
 * @param maxAttempts tries of one event before it is parked
 * @param retryMin    the wait after the first failure, doubling after each next one
 * @param retryMax    the longest wait between tries
 * @param perRound    events one round delivers at most (then the next round goes on)
 */
public record WebhookSettings(String node, Duration lease, int maxAttempts, Duration retryMin, Duration retryMax,
                              int perRound) {
    public WebhookSettings {
        if (maxAttempts < 1 || perRound < 1 || retryMin.isNegative() || retryMax.compareTo(retryMin) < 0) {
            throw new IllegalArgumentException("webhook settings: at least one attempt and one event a round, "
                    + "and retryMin <= retryMax");
        }
    }

    /** The wait after the {@code attempts}-th failure. */
    public Duration backoff(int attempts) {
        Duration wait = retryMin;
        for (int i = 1; i < attempts && wait.compareTo(retryMax) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(retryMax) > 0 ? retryMax : wait;
    }
}

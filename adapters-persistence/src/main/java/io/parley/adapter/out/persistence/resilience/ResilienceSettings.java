package io.parley.adapter.out.persistence.resilience;

import java.time.Duration;

/**
 * Retry and circuit-breaker timings for the store (PROTOCOL §5: 2 retries after 0.5 s and 1 s; open after 3
 * failures in a row, for 30 s).
 *
 * @param retries        how many times a failed call is tried again (0 = never)
 * @param retryDelay     the wait before the first retry; each further retry waits twice as long
 * @param retryBudget    the most one call may take with all its retries (Helidon's {@code overallTimeout})
 * @param failuresToOpen how many failed calls in a row open the circuit
 * @param openFor        how long an open circuit fails calls at once before it lets a trial call through
 */
public record ResilienceSettings(int retries, Duration retryDelay, Duration retryBudget, int failuresToOpen,
                                 Duration openFor) {

    public ResilienceSettings {
        if (retries < 0 || retries > 10) {
            throw new IllegalArgumentException("retries must be 0..10: " + retries);
        }
        if (failuresToOpen < 1 || failuresToOpen > 100) {
            throw new IllegalArgumentException("failures to open must be 1..100: " + failuresToOpen);
        }
        requirePositive(retryDelay, "retry delay");
        requirePositive(retryBudget, "retry budget");
        requirePositive(openFor, "open-for");
    }

    /** The defaults of PROTOCOL §5, with 5 s for a call and its retries. */
    public static ResilienceSettings defaults() {
        return new ResilienceSettings(2, Duration.ofMillis(500), Duration.ofSeconds(5), 3, Duration.ofSeconds(30));
    }

    private static void requirePositive(Duration duration, String what) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + duration);
        }
    }
}

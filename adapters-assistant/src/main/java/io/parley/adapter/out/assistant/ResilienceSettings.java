package io.parley.adapter.out.assistant;

import java.time.Duration;

/**
 * How the OpenAI-compatible assistant copes with a slow or failing provider (defaults from PROTOCOL §5).
 *
 * @param retries how many times a request is tried again after a connect error, 429 or 5xx, and only before
 *                any text arrived (3: four attempts in all)
 * @param retryDelay the first backoff; each further one doubles it (1 s, 2 s, 4 s); a longer
 *                   {@code Retry-After} wins
 * @param retryBudget no retry starts that would end its backoff later than this after the run began
 * @param breakerFailures this many failed runs in a row open the circuit
 * @param breakerOpenFor how long the circuit stays open before one trial run (half-open)
 * @param firstTokenTimeout the longest wait from sending the request to the first token
 * @param stallTimeout the longest silence once the reply has started
 * @param maxConcurrentRuns runs streaming from the provider at once
 * @param maxQueuedRuns runs waiting for a slot; one more is refused at once
 */
public record ResilienceSettings(int retries, Duration retryDelay, Duration retryBudget, int breakerFailures,
                                 Duration breakerOpenFor, Duration firstTokenTimeout, Duration stallTimeout,
                                 int maxConcurrentRuns, int maxQueuedRuns) {

    public ResilienceSettings {
        if (retries < 0 || retries > 10 || breakerFailures < 1 || breakerFailures > 100) {
            throw new IllegalArgumentException("retries must be 0-10 and breaker failures 1-100");
        }
        if (maxConcurrentRuns < 1 || maxQueuedRuns < 0) {
            throw new IllegalArgumentException("at least one concurrent run, and no negative queue");
        }
        requireNotNegative(retryDelay, "retry delay");
        requirePositive(retryBudget, "retry budget");
        requirePositive(breakerOpenFor, "breaker open time");
        requirePositive(firstTokenTimeout, "first-token timeout");
        requirePositive(stallTimeout, "stall timeout");
    }

    /** PROTOCOL §5: 3 retries after 1 s, 2 s, 4 s within 10 s; open after 5 failures for 60 s; plus our timeouts. */
    public static ResilienceSettings defaults() {
        return new ResilienceSettings(3, Duration.ofSeconds(1), Duration.ofSeconds(10), 5, Duration.ofSeconds(60),
                Duration.ofSeconds(60), Duration.ofSeconds(20), 8, 32);
    }

    private static void requireNotNegative(Duration value, String name) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException("the " + name + " must not be negative: " + value);
        }
    }

    private static void requirePositive(Duration value, String name) {
        requireNotNegative(value, name);
        if (value.isZero()) {
            throw new IllegalArgumentException("the " + name + " must be positive");
        }
    }
}

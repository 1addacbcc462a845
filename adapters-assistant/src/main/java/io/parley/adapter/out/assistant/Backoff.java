package io.parley.adapter.out.assistant;

import java.time.Duration;
import java.util.Optional;

import io.helidon.faulttolerance.Retry;

import io.parley.domain.LogLine;

/**
 * Helidon's retry policy for one run: doubling delays from the configured first one, never shorter than the
 * provider's {@code Retry-After}, and no retry whose wait would end past the retry budget (counted from the
 * first attempt). The policy
 * holds the run's retry count, so each run gets its own. The wait itself happens in the next {@link Attempt}
 * (Helidon is told zero), where a cancel ends it at once instead of after a sleep.
 */
final class Backoff implements Retry.RetryPolicy {
    private static final System.Logger LOG = System.getLogger(Backoff.class.getName());

    private final String runId;
    private final int maxRetries;
    private final ResilienceSettings settings;
    private final RunControl control;
    private int retries;

    Backoff(String runId, int maxRetries, ResilienceSettings settings, RunControl control) {
        this.runId = runId;
        this.maxRetries = maxRetries;
        this.settings = settings;
        this.control = control;
    }

    @Override
    public Optional<Long> nextDelayMillis(long firstCallMillis, long lastDelay, int call) {
        if (retries >= maxRetries) {
            return Optional.empty();
        }
        Duration wait = settings.retryDelay().multipliedBy(1L << Math.min(retries, 20));
        if (control.retryAfter().compareTo(wait) > 0) {
            wait = control.retryAfter();
        }
        Duration spent = Duration.ofMillis(System.currentTimeMillis() - firstCallMillis);
        if (spent.plus(wait).compareTo(settings.retryBudget()) > 0) {
            return Optional.empty();
        }
        retries++;
        control.backoff(wait);
        LOG.log(System.Logger.Level.INFO, LogLine.event("assistant_retry")
                .with("run", runId)
                .with("retry", retries)
                .with("wait_ms", wait.toMillis()).toString());
        return Optional.of(0L);
    }
}

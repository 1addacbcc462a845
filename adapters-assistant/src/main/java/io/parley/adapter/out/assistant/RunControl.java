package io.parley.adapter.out.assistant;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One run's cancellation and pacing as the adapter sees them: a cancel wakes a pending backoff and ends the
 * exchange in flight at once; the provider's {@code Retry-After} and the next backoff are kept here between
 * attempts.
 */
final class RunControl {
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private volatile UpstreamExchange current;
    private volatile Duration retryAfter = Duration.ZERO;
    private volatile Duration backoff = Duration.ZERO;

    /** Called by whoever cancels, on their thread. */
    void cancel() {
        cancelled.countDown();
        UpstreamExchange exchange = current;
        if (exchange != null) {
            exchange.cancel();
        }
    }

    boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    /** The exchange a cancel must end, or null between attempts. */
    void current(UpstreamExchange exchange) {
        current = exchange;
        if (exchange != null && isCancelled()) {
            exchange.cancel();
        }
    }

    /** What the last refusal's {@code Retry-After} asked for. */
    Duration retryAfter() {
        return retryAfter;
    }

    void retryAfter(Duration wait) {
        retryAfter = wait;
    }

    /** Sets the wait before the next attempt. */
    void backoff(Duration wait) {
        backoff = wait;
    }

    /** Waits out the pending backoff; false if the run was cancelled (or interrupted) meanwhile. */
    boolean awaitBackoff() {
        Duration wait = backoff;
        backoff = Duration.ZERO;
        try {
            return !(wait.isZero() ? isCancelled() : cancelled.await(wait.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

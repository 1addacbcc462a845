package io.parley.adapter.out.llm;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.Supplier;

import io.helidon.faulttolerance.CircuitBreaker;

import io.parley.domain.LogLine;

/**
 * Helidon's circuit breaker around each run, opened by {@code breakerFailures} failed runs in a row (a window
 * of that many runs at a 100 % error ratio), with one trial run after {@code breakerOpenFor}. Helidon 4.1.2
 * reports no state changes, so this looks before and after every run and after the breaker's own timer, and
 * logs one line per change.
 */
final class WatchedBreaker {
    private static final System.Logger LOG = System.getLogger(WatchedBreaker.class.getName());

    private final String name;
    private final CircuitBreaker breaker;
    private final Duration openFor;
    private CircuitState seen = CircuitState.CLOSED;
    private long openedAtNanos;
    private boolean closed;

    WatchedBreaker(String name, ResilienceSettings settings) {
        this.name = name;
        this.openFor = settings.breakerOpenFor();
        this.breaker = CircuitBreaker.builder()
                .name(name)
                .volume(settings.breakerFailures())
                .errorRatio(100)
                .successThreshold(1)
                .delay(settings.breakerOpenFor())
                .executor(new ObservingExecutor(this::state))
                .addSkipOn(AttemptFailure.Refused.class)
                .addSkipOn(DeltaConsumerFailed.class)
                .build();
    }

    /** Runs {@code call} through the breaker; an open breaker throws Helidon's {@code CircuitBreakerOpenException}. */
    <T> T call(Supplier<T> call) {
        state();
        try {
            return breaker.invoke(call);
        } finally {
            state();
        }
    }

    /** The breaker's state now; logs the change if it is one. */
    synchronized CircuitState state() {
        CircuitState now = switch (breaker.state()) {
            case CLOSED -> CircuitState.CLOSED;
            case HALF_OPEN -> CircuitState.HALF_OPEN;
            case OPEN -> CircuitState.OPEN;
        };
        if (now != seen && !closed) {
            LOG.log(now == CircuitState.OPEN ? Level.WARNING : Level.INFO, LogLine.event("breaker_state")
                .with("breaker", name)
                .with("from", seen.logName())
                .with("to", now.logName()).toString());
            openedAtNanos = now == CircuitState.OPEN ? System.nanoTime() : openedAtNanos;
            seen = now;
        }
        return now;
    }

    /** Stops logging: a pending open-to-half-open timer of a closed assistant is no news. */
    synchronized void close() {
        closed = true;
    }

    /** How long until the open breaker lets a trial run through, as a hint for clients. */
    synchronized Duration untilTrial() {
        Duration left = openFor.minusNanos(System.nanoTime() - openedAtNanos);
        return left.isNegative() ? Duration.ZERO : left;
    }
}

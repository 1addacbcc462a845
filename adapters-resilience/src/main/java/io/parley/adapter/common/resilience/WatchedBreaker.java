package io.parley.adapter.common.resilience;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.helidon.faulttolerance.CircuitBreaker;
import io.helidon.faulttolerance.CircuitBreakerConfig;

import io.parley.domain.LogLine;

/**
 * Helidon's circuit breaker, opened by {@code failuresToOpen} failed calls in a row (a window of that many calls at
 * a 100 % error ratio), with one trial call after {@code openFor}. Helidon 4.1.2 reports no state changes, so this
 * looks before and after every call and after the breaker's own open-to-half-open timer, and logs one
 * {@code breaker_state} line per change, on the logger of the adapter it protects.
 */
public final class WatchedBreaker implements AutoCloseable {
    private final String name;
    private final System.Logger log;
    private final CircuitBreaker breaker;
    private final Duration openFor;
    private CircuitState seen = CircuitState.CLOSED;
    private long openedAtNanos;
    private boolean closed;

    /**
     * @param name what logs call the breaker, such as {@code store}
     * @param log where its state changes are logged
     * @param conditions which exceptions count as failures (Helidon's {@code applyOn} and {@code skipOn})
     */
    public WatchedBreaker(String name, System.Logger log, int failuresToOpen, Duration openFor,
                          Consumer<CircuitBreakerConfig.Builder> conditions) {
        this.name = name;
        this.log = log;
        this.openFor = openFor;
        CircuitBreakerConfig.Builder builder = CircuitBreaker.builder()
                .name(name)
                .volume(failuresToOpen)
                .errorRatio(100)
                .successThreshold(1)
                .delay(openFor)
                .executor(new ObservingExecutor(this::state));
        conditions.accept(builder);
        this.breaker = builder.build();
    }

    /** Runs {@code call} through the breaker; an open breaker throws Helidon's {@code CircuitBreakerOpenException}. */
    public <T> T call(Supplier<T> call) {
        state();
        try {
            return breaker.invoke(call);
        } finally {
            state();
        }
    }

    /** The breaker's state now; logs the change if it is one. */
    public synchronized CircuitState state() {
        CircuitState now = switch (breaker.state()) {
            case CLOSED -> CircuitState.CLOSED;
            case HALF_OPEN -> CircuitState.HALF_OPEN;
            case OPEN -> CircuitState.OPEN;
        };
        if (now != seen && !closed) {
            log.log(now == CircuitState.OPEN ? Level.WARNING : Level.INFO, LogLine.event("breaker_state")
                    .with("breaker", name)
                    .with("from", seen.wireName())
                    .with("to", now.wireName()).toString());
            openedAtNanos = now == CircuitState.OPEN ? System.nanoTime() : openedAtNanos;
            seen = now;
        }
        return now;
    }

    /** How long until the open breaker lets a trial call through, as a hint for clients; zero when not open. */
    public synchronized Duration untilTrial() {
        if (state() != CircuitState.OPEN) {
            return Duration.ZERO;
        }
        Duration left = openFor.minusNanos(System.nanoTime() - openedAtNanos);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Stops logging: a pending open-to-half-open timer of a closed adapter is no news. */
    @Override
    public synchronized void close() {
        closed = true;
    }
}

package io.parley.adapter.out.persistence.resilience;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.helidon.faulttolerance.CircuitBreakerOpenException;
import io.helidon.faulttolerance.Retry;
import io.helidon.faulttolerance.RetryTimeoutException;

import io.parley.adapter.common.resilience.CircuitState;
import io.parley.adapter.common.resilience.WatchedBreaker;
import io.parley.application.port.out.StoreMisconfiguredException;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.domain.LogLine;

/**
 * Helidon fault tolerance around store calls: a retry inside a circuit breaker. Only
 * {@link StoreUnavailableException} counts as a failure; bugs pass through untouched, and so does a
 * {@link StoreMisconfiguredException}: it is not retried, does not count, and is logged once per distinct problem.
 * Whatever fails leaves as a {@link StoreUnavailableException} whose retry-after is the remaining open time when
 * the circuit is open.
 */
final class StoreGuard implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StoreGuard.class.getName());
    private static final Duration SHORT_RETRY_AFTER = Duration.ofSeconds(1);
    /** Distinct set-up problems remembered for logging each once; past this many, further ones go unlogged. */
    private static final int MAX_PROBLEMS_LOGGED = 64;

    private final String name;
    private final ResilienceSettings settings;
    private final WatchedBreaker breaker;
    private final Retry retry;
    private final Set<String> problemsLogged = ConcurrentHashMap.newKeySet();

    StoreGuard(String name, ResilienceSettings settings) {
        this.name = name;
        this.settings = settings;
        this.breaker = new WatchedBreaker(name, LOG, settings.failuresToOpen(), settings.openFor(),
                conditions -> conditions.addApplyOn(StoreUnavailableException.class)
                        .addApplyOn(RetryTimeoutException.class)
                        .addSkipOn(StoreMisconfiguredException.class));
        this.retry = Retry.builder().name(name)
                .calls(settings.retries() + 1).delay(settings.retryDelay()).delayFactor(2)
                .overallTimeout(settings.retryBudget())
                .addApplyOn(StoreUnavailableException.class)
                .addSkipOn(StoreMisconfiguredException.class)
                .build();
    }

    /** Runs {@code call} with retries behind the circuit breaker. */
    <T> T call(String operation, Supplier<T> call) {
        return guarded(operation, () -> retry.invoke(call));
    }

    /** Runs {@code call} once (no retries) behind the circuit breaker: for probes. */
    <T> T once(String operation, Supplier<T> call) {
        return guarded(operation, call);
    }

    /** The breaker's state now (noticing, and logging, a change). */
    CircuitState state() {
        return breaker.state();
    }

    @Override
    public void close() {
        breaker.close();
    }

    private <T> T guarded(String operation, Supplier<T> call) {
        try {
            return breaker.call(call);
        } catch (CircuitBreakerOpenException e) {
            throw new StoreUnavailableException("conversation store circuit is " + state().wireName() + ", "
                    + operation + " not tried", retryAfter(), e);
        } catch (RetryTimeoutException e) {
            logFailure(operation, e.lastRetryException());
            throw new StoreUnavailableException("conversation store: " + operation + " still failing after "
                    + settings.retryBudget().toMillis() + " ms", retryAfter(), e.lastRetryException());
        } catch (StoreMisconfiguredException e) {
            logMisconfiguration(operation, e);
            throw e;
        } catch (StoreUnavailableException e) {
            logFailure(operation, e);
            throw new StoreUnavailableException(e.getMessage(), retryAfter(), e);
        }
    }

    /** One line per call that failed for good (after its retries); an open circuit's refusals are not logged. */
    private void logFailure(String operation, Throwable failure) {
        LOG.log(Level.WARNING, () -> LogLine.event("store_failure").with("store", name).with("operation", operation)
                .with("error", failure == null ? null : failure.getMessage()).toString());
    }

    /** One line per distinct set-up problem, the first time a call runs into it: it fails every call alike. */
    private void logMisconfiguration(String operation, StoreMisconfiguredException e) {
        if (problemsLogged.size() < MAX_PROBLEMS_LOGGED && problemsLogged.add(e.problem())) {
            LOG.log(Level.ERROR, () -> LogLine.event("store_misconfigured").with("store", name)
                    .with("operation", operation).with("problem", e.problem()).toString());
        }
    }

    /** The remaining open time while the circuit is open, but at least a short pause. */
    private Duration retryAfter() {
        Duration open = breaker.untilTrial();
        return open.compareTo(SHORT_RETRY_AFTER) < 0 ? SHORT_RETRY_AFTER : open;
    }
}

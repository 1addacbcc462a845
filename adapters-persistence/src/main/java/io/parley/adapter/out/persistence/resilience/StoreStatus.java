package io.parley.adapter.out.persistence.resilience;

import io.parley.adapter.common.resilience.CircuitState;

/**
 * What readiness reports about the store: whether it answers, and the state of its circuit breaker.
 *
 * @param health  {@link Health#UP} when a cheap query just succeeded through a closed or half-open circuit
 * @param breaker the circuit breaker's state at the time
 */
public record StoreStatus(Health health, CircuitState breaker) {

    public StoreStatus {
        if (health == null || breaker == null) {
            throw new IllegalArgumentException("a store status needs a health and a breaker state");
        }
    }

    public boolean isUp() {
        return health == Health.UP;
    }

    /** Whether the store can serve requests. */
    public enum Health {
        UP, DOWN
    }
}

package io.parley.adapter.out.llm;

import java.util.Locale;

/** The assistant's circuit breaker, for metrics and readiness: CLOSED is healthy, OPEN refuses runs at once. */
public enum CircuitState {
    CLOSED, HALF_OPEN, OPEN;

    /** The name logs use, such as {@code half_open}. */
    public String logName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

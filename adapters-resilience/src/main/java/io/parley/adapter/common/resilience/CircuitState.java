package io.parley.adapter.common.resilience;

import java.util.Locale;

/**
 * A circuit breaker's state, as health checks, gauges and logs report it: closed lets calls through, open fails
 * them at once, half-open lets one trial call decide.
 */
public enum CircuitState {
    CLOSED(0), HALF_OPEN(1), OPEN(2);

    private final int gaugeValue;

    CircuitState(int gaugeValue) {
        this.gaugeValue = gaugeValue;
    }

    /** The name logs and health details use, such as {@code half_open}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value a gauge reports: 0 closed, 1 half open, 2 open. */
    public int gaugeValue() {
        return gaugeValue;
    }
}

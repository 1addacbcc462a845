package io.parley.adapter.common.resilience;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.helidon.faulttolerance.CircuitBreakerOpenException;

import io.parley.domain.testing.LogCapture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared breaker: opens after the failures in a row, says how long it stays open, logs on the owner's logger. */
class WatchedBreakerTest {
    private static final String OWNER = "io.parley.test.owner";

    private LogCapture logs;

    @BeforeEach
    void listen() {
        logs = LogCapture.of(OWNER);
    }

    @AfterEach
    void stopListening() {
        logs.close();
    }

    @Test
    void countedFailuresInARowOpenItAndItRefusesUntilTheTrial() {
        WatchedBreaker breaker = new WatchedBreaker("test", System.getLogger(OWNER), 2, Duration.ofMinutes(1),
                conditions -> conditions.addApplyOn(IllegalStateException.class));
        assertThrows(IllegalArgumentException.class, () -> breaker.call(() -> {
            throw new IllegalArgumentException("not counted");
        }));
        assertEquals("ok", breaker.call(() -> "ok"));
        for (int i = 0; i < 2; i++) {
            assertThrows(IllegalStateException.class, () -> breaker.call(() -> {
                throw new IllegalStateException("counted");
            }));
        }
        assertEquals(CircuitState.OPEN, breaker.state());
        assertThrows(CircuitBreakerOpenException.class, () -> breaker.call(() -> "not run"));
        Duration left = breaker.untilTrial();
        assertTrue(left.compareTo(Duration.ofSeconds(55)) > 0 && left.compareTo(Duration.ofMinutes(1)) <= 0,
                "about a minute until the trial: " + left);
        assertEquals(List.of("event=breaker_state breaker=test from=closed to=open"), logs.lines());
        breaker.close();
    }

    @Test
    void aClosedBreakerHasNoTrialToWaitFor() {
        WatchedBreaker breaker = new WatchedBreaker("idle", System.getLogger(OWNER), 1, Duration.ofSeconds(5),
                conditions -> { });
        assertEquals(CircuitState.CLOSED, breaker.state());
        assertEquals(Duration.ZERO, breaker.untilTrial());
        assertEquals(2, CircuitState.OPEN.gaugeValue());
        assertEquals("half_open", CircuitState.HALF_OPEN.wireName());
        assertEquals(List.of(), logs.lines());
    }
}

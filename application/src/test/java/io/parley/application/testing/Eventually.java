package io.parley.application.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waits for what another thread or process brings about by polling its condition, returning as soon as it holds.
 * The deadline is far beyond what any machine needs, loaded or not: it only bounds a test that would fail anyway,
 * so no test's result depends on how fast the machine is. Polls start 5 ms apart and slow down to 100 ms, so a
 * long wait neither spins nor crosses a rate limit of what it asks.
 */
public final class Eventually {
    /** How long a condition may take before the test fails. */
    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private Eventually() {
    }

    /** Returns once {@code condition} holds; fails the test naming {@code what} after {@link #PATIENCE}. */
    public static void until(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + PATIENCE.toNanos();
        long pause = 5;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("not within " + PATIENCE.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(pause);
                pause = Math.min(100, pause * 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for: " + what);
            }
        }
    }
}

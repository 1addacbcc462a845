package io.parley.adapter.out.persistence.jdbc;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Waits for a condition by polling it, with a deadline far beyond what any machine needs: no fixed sleeps. */
final class Waiting {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private Waiting() {
    }

    static void until(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("not within " + DEADLINE.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }
}

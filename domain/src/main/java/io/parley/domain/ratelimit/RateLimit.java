package io.parley.domain.ratelimit;

import java.time.Duration;

/**
 * A token bucket: at most {@code capacity} units at once, refilled steadily at {@code capacity} per
 * {@code period}. {@code messages-per-second: 20} with burst 40 is {@code RateLimit(40, 2 s)}.
 */
public record RateLimit(long capacity, Duration period) {

    public RateLimit {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive");
        }
    }

    /** {@code perSecond} per second, with bursts of {@code burst}. */
    public static RateLimit perSecond(int perSecond, int burst) {
        if (perSecond < 1 || burst < perSecond) {
            throw new IllegalArgumentException("need 1 <= rate <= burst");
        }
        return new RateLimit(burst, Duration.ofNanos(Duration.ofSeconds(1).toNanos() * burst / perSecond));
    }

    /** {@code perMinute} per minute, with bursts of as many. */
    public static RateLimit perMinute(int perMinute) {
        return new RateLimit(perMinute, Duration.ofMinutes(1));
    }
}

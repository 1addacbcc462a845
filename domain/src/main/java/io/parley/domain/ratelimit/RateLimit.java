package io.parley.domain.ratelimit;

import java.time.Duration;

/**
 * A token bucket: at most {@code capacity} units at once, refilled steadily at {@code capacity} per
 * {@code period}. {@code messages-per-second: 20} with burst 40 is {@code RateLimit(40, 2 s)}. Its {@code scope}
 * says whether the bucket is this node's ({@link Scope#NODE}: a connection's message rate) or shared by every
 * node ({@link Scope#CLUSTER}: a client's connect rate, its HTTP quota).
 */
public record RateLimit(long capacity, Duration period, Scope scope) {

    /** Whose bucket it is. */
    public enum Scope {
        /** This node's. */
        NODE,
        /** Every node's, where there is a cluster (this node's when there is none, or it cannot be reached). */
        CLUSTER
    }

    /** A bucket of this node. */
    public RateLimit(long capacity, Duration period) {
        this(capacity, period, Scope.NODE);
    }

    public RateLimit {
        if (scope == null) {
            throw new IllegalArgumentException("a rate limit needs its scope");
        }
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

    /** The same limit, shared by every node of a cluster. */
    public RateLimit acrossCluster() {
        return new RateLimit(capacity, period, Scope.CLUSTER);
    }

    /** {@code perMinute} per minute, with bursts of as many. */
    public static RateLimit perMinute(int perMinute) {
        return new RateLimit(perMinute, Duration.ofMinutes(1));
    }
}

package io.parley.adapter.out.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

import io.parley.application.port.out.RateLimitPort;
import io.parley.domain.ratelimit.RateDecision;
import io.parley.domain.ratelimit.RateLimit;

/**
 * Token buckets in this node's memory, on Bucket4j, timed by the injected clock. Buckets that filled up again
 * are dropped by {@link #evictIdle()} (a full bucket is what a new one would be), so keys of clients that went
 * away do not pile up.
 */
public final class Bucket4jRateLimiter implements RateLimitPort {
    private final Map<String, Entry> buckets = new ConcurrentHashMap<>();
    private final TimeMeter time;

    public Bucket4jRateLimiter(Clock clock) {
        this.time = new ClockTimeMeter(clock);
    }

    @Override
    public RateDecision tryTake(String key, RateLimit limit) {
        Entry entry = buckets.get(key);
        if (entry == null || !entry.limit().equals(limit)) {
            entry = buckets.compute(key, (k, old) -> old != null && old.limit().equals(limit) ? old : newEntry(limit));
        }
        ConsumptionProbe probe = entry.bucket().tryConsumeAndReturnRemaining(1);
        Duration untilFull = Duration.ofNanos(probe.getNanosToWaitForReset());
        return probe.isConsumed()
                ? new RateDecision.Allowed(limit, probe.getRemainingTokens(), untilFull)
                : new RateDecision.Limited(limit, Duration.ofNanos(probe.getNanosToWaitForRefill()), untilFull);
    }

    @Override
    public void forget(String key) {
        buckets.remove(key);
    }

    /** Drops the buckets that are full again; returns how many are left. */
    public int evictIdle() {
        buckets.entrySet().removeIf(e -> e.getValue().bucket().getAvailableTokens() >= e.getValue().limit().capacity());
        return buckets.size();
    }

    /** How many buckets are kept now. */
    public int size() {
        return buckets.size();
    }

    private Entry newEntry(RateLimit limit) {
        Bucket bucket = Bucket.builder()
                .addLimit(l -> l.capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()))
                .withCustomTimePrecision(time)
                .build();
        return new Entry(bucket, limit);
    }

    private record Entry(Bucket bucket, RateLimit limit) {
    }

    /** Bucket4j's time source on the injected clock, in nanoseconds since the epoch. */
    private record ClockTimeMeter(Clock clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}

package io.parley.adapter.out.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.parley.application.port.out.RateLimitPort;
import io.parley.domain.ratelimit.RateDecision;
import io.parley.domain.ratelimit.RateLimit;

/** A node's own limiter for the tests: buckets that never refill, and how often it was asked. */
final class CountingLimiter implements RateLimitPort {
    private final Map<String, AtomicInteger> taken = new ConcurrentHashMap<>();
    private final AtomicInteger asked = new AtomicInteger();

    @Override
    public RateDecision tryTake(String key, RateLimit limit) {
        asked.incrementAndGet();
        int n = taken.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        return n <= limit.capacity()
                ? new RateDecision.Allowed(limit, limit.capacity() - n, limit.period())
                : new RateDecision.Limited(limit, limit.period(), limit.period());
    }

    @Override
    public void forget(String key) {
        taken.remove(key);
    }

    /** How many times a unit was asked of it. */
    int asked() {
        return asked.get();
    }

    /** Whether it holds a bucket {@code key}. */
    boolean holds(String key) {
        return taken.containsKey(key);
    }
}

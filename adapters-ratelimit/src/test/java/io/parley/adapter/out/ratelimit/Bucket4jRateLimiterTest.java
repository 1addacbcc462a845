package io.parley.adapter.out.ratelimit;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.parley.domain.ratelimit.RateDecision;
import io.parley.domain.ratelimit.RateLimit;
import io.parley.domain.testing.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class Bucket4jRateLimiterTest {
    private final MutableClock clock = MutableClock.atEpoch();
    private final Bucket4jRateLimiter limiter = new Bucket4jRateLimiter(clock);

    @Test
    void aBurstIsAllowedThenTheRateRefillsIt() {
        RateLimit twentyPerSecondBurstForty = RateLimit.perSecond(20, 40);
        for (int i = 0; i < 40; i++) {
            assertInstanceOf(RateDecision.Allowed.class, limiter.tryTake("c1", twentyPerSecondBurstForty));
        }
        RateDecision.Limited limited = assertInstanceOf(RateDecision.Limited.class,
                limiter.tryTake("c1", twentyPerSecondBurstForty));
        assertEquals(Duration.ofMillis(50), limited.retryAfter());
        assertEquals(Duration.ofSeconds(2), limited.untilFull());

        clock.advance(Duration.ofMillis(500));
        for (int i = 0; i < 10; i++) {
            assertInstanceOf(RateDecision.Allowed.class, limiter.tryTake("c1", twentyPerSecondBurstForty));
        }
        assertInstanceOf(RateDecision.Limited.class, limiter.tryTake("c1", twentyPerSecondBurstForty));
    }

    @Test
    void keysHaveTheirOwnBucketsAndForgottenOnesStartFull() {
        RateLimit one = new RateLimit(1, Duration.ofMinutes(1));
        assertInstanceOf(RateDecision.Allowed.class, limiter.tryTake("a", one));
        assertInstanceOf(RateDecision.Allowed.class, limiter.tryTake("b", one));
        assertInstanceOf(RateDecision.Limited.class, limiter.tryTake("a", one));
        limiter.forget("a");
        RateDecision.Allowed again = assertInstanceOf(RateDecision.Allowed.class, limiter.tryTake("a", one));
        assertEquals(0, again.remaining());
    }

    @Test
    void bucketsThatFilledUpAgainAreEvicted() {
        RateLimit perMinute = RateLimit.perMinute(100);
        limiter.tryTake("gone", perMinute);
        limiter.tryTake("busy", perMinute);
        clock.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 90; i++) {
            limiter.tryTake("busy", perMinute);
        }
        clock.advance(Duration.ofSeconds(31));
        assertEquals(1, limiter.evictIdle(), "a bucket that has not refilled yet stays");
        assertEquals(1, limiter.size());
    }
}

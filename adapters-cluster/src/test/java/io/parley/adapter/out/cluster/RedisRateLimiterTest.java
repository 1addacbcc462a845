package io.parley.adapter.out.cluster;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.parley.adapter.out.cluster.testing.OwnRedis;
import io.parley.application.testing.Eventually;
import io.parley.domain.ratelimit.RateDecision;
import io.parley.domain.ratelimit.RateLimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rate limits: cluster limits are one bucket in Redis for every node ({@code PARLEY_TEST_REDIS_URL}), node
 * limits stay with each node's own limiter, and while Redis is away (a Redis of the test's own) cluster limits
 * are counted by each node's own limiter.
 */
class RedisRateLimiterTest {
    static final RateLimit THREE_A_MINUTE = new RateLimit(3, Duration.ofMinutes(1)).acrossCluster();

    private final String key = "connect:user:" + UUID.randomUUID();
    private TestCluster cluster;

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aClusterLimitIsOneBucketForEveryNode() {
        cluster = TestCluster.onTestRedis();
        CountingLimiter localA = new CountingLimiter();
        CountingLimiter localB = new CountingLimiter();
        RedisRateLimiter a = new RedisRateLimiter(cluster.links("a"), localA);
        RedisRateLimiter b = new RedisRateLimiter(cluster.links("b"), localB);
        assertEquals(2, assertInstanceOf(RateDecision.Allowed.class, a.tryTake(key, THREE_A_MINUTE)).remaining());
        assertEquals(1, assertInstanceOf(RateDecision.Allowed.class, b.tryTake(key, THREE_A_MINUTE)).remaining());
        assertInstanceOf(RateDecision.Allowed.class, a.tryTake(key, THREE_A_MINUTE));
        RateDecision.Limited limited = assertInstanceOf(RateDecision.Limited.class, b.tryTake(key, THREE_A_MINUTE));
        assertTrue(limited.retryAfter().compareTo(Duration.ofSeconds(20)) <= 0, "a unit every 20 s");
        assertInstanceOf(RateDecision.Limited.class, a.tryTake(key, THREE_A_MINUTE));
        assertEquals(0, localA.asked() + localB.asked(), "the nodes' own limiters were not asked");
        assertTrue(a.shared());

        long ttl = cluster.links("probe").commands().sync().pttl(cluster.prefix() + ":rate:" + key);
        assertTrue(ttl > 0 && ttl <= Duration.ofMinutes(1).toMillis(), "the bucket expires once full: " + ttl);
    }

    @Test
    void aNodeLimitStaysWithEachNode() {
        cluster = TestCluster.onTestRedis();
        CountingLimiter localA = new CountingLimiter();
        CountingLimiter localB = new CountingLimiter();
        RedisRateLimiter a = new RedisRateLimiter(cluster.links("a"), localA);
        RedisRateLimiter b = new RedisRateLimiter(cluster.links("b"), localB);
        RateLimit once = new RateLimit(1, Duration.ofMinutes(1));
        assertInstanceOf(RateDecision.Allowed.class, a.tryTake(key, once));
        assertInstanceOf(RateDecision.Allowed.class, b.tryTake(key, once), "b's own bucket");
        assertInstanceOf(RateDecision.Limited.class, a.tryTake(key, once));
        assertEquals(2, localA.asked());
        assertEquals(0, cluster.links("probe").commands().sync().exists(cluster.prefix() + ":rate:" + key));
    }

    @Test
    void forgetDropsTheBucketHereAndInRedis() {
        cluster = TestCluster.onTestRedis();
        CountingLimiter local = new CountingLimiter();
        RedisRateLimiter limiter = new RedisRateLimiter(cluster.links("a"), local);
        RateLimit once = new RateLimit(1, Duration.ofMinutes(1));
        limiter.tryTake(key, once.acrossCluster());
        limiter.tryTake("node-" + key, once);
        assertInstanceOf(RateDecision.Limited.class, limiter.tryTake(key, once.acrossCluster()));
        limiter.forget(key);
        limiter.forget("node-" + key);
        assertFalse(local.holds("node-" + key));
        RedisLinks probe = cluster.links("probe");
        Eventually.until("the bucket is gone from Redis",
                () -> probe.commands().sync().exists(cluster.prefix() + ":rate:" + key) == 0);
        assertInstanceOf(RateDecision.Allowed.class, limiter.tryTake(key, once.acrossCluster()));
    }

    @Test
    void whileRedisIsAwayClusterLimitsAreCountedByTheNodesOwnLimiter() {
        try (OwnRedis redis = OwnRedis.start()) {
            cluster = new TestCluster(redis.url());
            CountingLimiter local = new CountingLimiter();
            RedisRateLimiter limiter = new RedisRateLimiter(cluster.links("a"), local);
            assertInstanceOf(RateDecision.Allowed.class, limiter.tryTake(key, THREE_A_MINUTE));

            redis.stop();
            for (int i = 0; i < 3; i++) {
                assertInstanceOf(RateDecision.Allowed.class, limiter.tryTake(key, THREE_A_MINUTE), "local: " + i);
            }
            assertInstanceOf(RateDecision.Limited.class, limiter.tryTake(key, THREE_A_MINUTE));
            assertEquals(4, local.asked());
            assertFalse(limiter.shared());

            redis.restart();
            Eventually.until("cluster limits are in Redis again", () -> {
                limiter.tryTake("probe-" + key, THREE_A_MINUTE);
                return limiter.shared();
            });
            int asked = local.asked();
            assertEquals(2, assertInstanceOf(RateDecision.Allowed.class, limiter.tryTake(key, THREE_A_MINUTE))
                    .remaining(), "a new bucket: Redis restarted empty");
            assertEquals(asked, local.asked());
        }
    }
}

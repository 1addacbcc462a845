package io.parley.adapter.out.cluster;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;

import io.parley.application.port.out.RateLimitPort;
import io.parley.domain.LogLine;
import io.parley.domain.ratelimit.RateDecision;
import io.parley.domain.ratelimit.RateLimit;

/**
 * Token buckets shared by the cluster: {@link RateLimit.Scope#CLUSTER} limits live in Redis as Bucket4j buckets
 * (its Lettuce proxy manager, compare-and-swap), under {@code {prefix}:rate:{key}}, and expire once they would be
 * full again; {@link RateLimit.Scope#NODE} limits go to the node's own limiter. While Redis fails, cluster limits
 * are counted by the node's own limiter too (each node then allows the whole limit), logged once per outage;
 * Redis is tried again at most every {@link #RETRY_EVERY}, so that callers do not wait for a Redis that is away.
 * A bucket keeps the limit it was made with until it expires. The nodes' clocks must agree (NTP): Bucket4j's
 * compare-and-swap refills by the caller's clock.
 */
public final class RedisRateLimiter implements RateLimitPort {
    /** How long after a failure cluster limits stay local before Redis is tried again. */
    public static final Duration RETRY_EVERY = Duration.ofSeconds(1);
    private static final System.Logger LOG = System.getLogger(RedisRateLimiter.class.getName());

    private final RedisLinks links;
    private final RateLimitPort fallback;
    private final LettuceBasedProxyManager<String> buckets;
    private final Outage outage;
    private final AtomicLong retryAt = new AtomicLong(System.nanoTime());

    /** Cluster limits on {@code links}' Redis; node limits (and cluster ones while Redis fails) on {@code fallback}. */
    public RedisRateLimiter(RedisLinks links, RateLimitPort fallback) {
        this.links = links;
        this.fallback = fallback;
        this.buckets = Bucket4jLettuce.casBasedBuilder(links.buckets())
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO))
                .requestTimeout(links.settings().commandTimeout())
                .build();
        this.outage = new Outage(LOG, links.settings(), "rate_limits_local", "rate_limits_shared");
    }

    @Override
    public RateDecision tryTake(String key, RateLimit limit) {
        if (limit.scope() == RateLimit.Scope.NODE || !redisDue()) {
            return fallback.tryTake(key, limit);
        }
        try {
            ConsumptionProbe probe = buckets.builder().build(redisKey(key), () -> configuration(limit))
                    .tryConsumeAndReturnRemaining(1);
            outage.succeeded();
            Duration untilFull = Duration.ofNanos(probe.getNanosToWaitForReset());
            return probe.isConsumed()
                    ? new RateDecision.Allowed(limit, probe.getRemainingTokens(), untilFull)
                    : new RateDecision.Limited(limit, Duration.ofNanos(probe.getNanosToWaitForRefill()), untilFull);
        } catch (RuntimeException e) {
            retryAt.set(System.nanoTime() + RETRY_EVERY.toNanos());
            outage.failed(e);
            return fallback.tryTake(key, limit);
        }
    }

    /** Drops the bucket {@code key} here and in Redis (asynchronously: a failure is logged at DEBUG). */
    @Override
    public void forget(String key) {
        fallback.forget(key);
        if (!links.buckets().isOpen()) {
            return;
        }
        links.buckets().async().del(redisKey(key)).whenComplete((removed, failure) -> {
            if (failure != null) {
                LOG.log(Level.DEBUG, () -> LogLine.event("rate_limit_not_forgotten").with("key", key)
                        .with("reason", links.settings().scrub(failure.getMessage())).toString());
            }
        });
    }

    /** Whether cluster limits are counted in Redis now (false during an outage). */
    public boolean shared() {
        return !outage.isOut();
    }

    private boolean redisDue() {
        if (!outage.isOut()) {
            return true;
        }
        return links.buckets().isOpen() && System.nanoTime() - retryAt.get() >= 0;
    }

    private String redisKey(String key) {
        return links.settings().key("rate", key);
    }

    private static BucketConfiguration configuration(RateLimit limit) {
        return BucketConfiguration.builder()
                .addLimit(l -> l.capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()))
                .build();
    }
}

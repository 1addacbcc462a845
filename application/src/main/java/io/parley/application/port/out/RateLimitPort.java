package io.parley.application.port.out;

import io.parley.domain.ratelimit.RateDecision;
import io.parley.domain.ratelimit.RateLimit;

/**
 * Token buckets by key. The local implementation keeps them in this node's memory; a cluster implementation can
 * keep them where every node sees them, which makes a limit cluster-wide.
 */
public interface RateLimitPort {

    /** Takes one unit from the bucket {@code key}, which starts full under {@code limit} on first use. */
    RateDecision tryTake(String key, RateLimit limit);

    /** Drops the bucket {@code key} (its owner is gone). */
    void forget(String key);
}

package io.parley.domain.ratelimit;

import java.time.Duration;

/** Whether a bucket gave a unit. */
public sealed interface RateDecision {

    /** The limit the decision was made under. */
    RateLimit limit();

    /** How long until the bucket is full again. */
    Duration untilFull();

    /** A unit was taken; {@code remaining} are left. */
    record Allowed(RateLimit limit, long remaining, Duration untilFull) implements RateDecision {
    }

    /** The bucket is empty; a unit will be there after {@code retryAfter}. */
    record Limited(RateLimit limit, Duration retryAfter, Duration untilFull) implements RateDecision {
    }
}

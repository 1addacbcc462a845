package io.parley.application.port.in;

import java.time.Duration;

/**
 * A client's HTTP quota after one request, as the {@code RateLimit-*} headers report it.
 *
 * @param allowed whether this request may proceed
 * @param limit requests per window
 * @param remaining requests left now
 * @param reset how long until the quota is whole again
 * @param retryAfter when a refused request may be retried (zero when allowed)
 */
public record HttpQuota(boolean allowed, long limit, long remaining, Duration reset, Duration retryAfter) {
}

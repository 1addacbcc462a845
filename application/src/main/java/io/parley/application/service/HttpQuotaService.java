package io.parley.application.service;

import java.lang.System.Logger.Level;
import java.time.Duration;

import io.parley.application.delivery.Traffic;
import io.parley.application.port.in.HttpQuota;
import io.parley.application.port.in.ThrottleHttpRequestUseCase;
import io.parley.application.port.out.IdentityPort;
import io.parley.application.port.out.RateLimitPort;
import io.parley.domain.LogLine;
import io.parley.domain.connection.ClientAddress;
import io.parley.domain.connection.ClientKey;
import io.parley.domain.ratelimit.RateDecision;
import io.parley.domain.ratelimit.RateLimit;

/** The HTTP API's request quota per client: the user where known, else the address. */
public final class HttpQuotaService implements ThrottleHttpRequestUseCase {
    private static final System.Logger LOG = System.getLogger(HttpQuotaService.class.getName());
    /** At most one log line per minute for a client that is being limited. */
    private static final RateLimit LOG_ONCE_A_MINUTE = RateLimit.perMinute(1);

    private final IdentityPort identity;
    private final RateLimitPort rateLimits;
    private final RateLimit limit;
    private final Traffic traffic;

    public HttpQuotaService(IdentityPort identity, RateLimitPort rateLimits, RateLimit limit, Traffic traffic) {
        this.identity = identity;
        this.rateLimits = rateLimits;
        this.limit = limit;
        this.traffic = traffic;
    }

    @Override
    public HttpQuota take(IdentityPort.Credentials credentials, ClientAddress client) {
        ClientKey key = identity.identify(credentials) instanceof IdentityPort.Identity.Known known && known.named()
                ? ClientKey.ofUser(known.user())
                : ClientKey.ofAddress(client);
        return switch (rateLimits.tryTake("http:" + key, limit)) {
            case RateDecision.Allowed allowed ->
                    new HttpQuota(true, limit.capacity(), allowed.remaining(), allowed.untilFull(), Duration.ZERO);
            case RateDecision.Limited limited -> {
                traffic.limitHit("http_requests");
                if (rateLimits.tryTake("log:http:" + key, LOG_ONCE_A_MINUTE) instanceof RateDecision.Allowed) {
                    LOG.log(Level.INFO, () -> LogLine.event("limit_hit").with("limit", "http_requests")
                            .with("client", key).with("address", client).toString());
                }
                yield new HttpQuota(false, limit.capacity(), 0, limited.untilFull(), limited.retryAfter());
            }
        };
    }
}

package io.parley.adapter.in.http;

import java.net.InetSocketAddress;
import java.time.Duration;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import io.parley.adapter.common.web.ProblemResponses;
import io.parley.adapter.common.web.RequestCredentials;
import io.parley.adapter.common.web.TrustedProxies;
import io.parley.application.port.in.HttpQuota;
import io.parley.application.port.in.ThrottleHttpRequestUseCase;
import io.parley.domain.connection.ClientAddress;

/**
 * The request quota of {@code /api/**} and {@code /agui} per client, reported on every answer in the
 * {@code RateLimit-Limit}, {@code -Remaining} and {@code -Reset} headers; over it: 429 with {@code Retry-After}.
 * Calls with the server key are trusted and not counted.
 */
final class HttpRateLimit implements Filter {
    static final HeaderName LIMIT = HeaderNames.create("RateLimit-Limit");
    static final HeaderName REMAINING = HeaderNames.create("RateLimit-Remaining");
    static final HeaderName RESET = HeaderNames.create("RateLimit-Reset");

    private final ThrottleHttpRequestUseCase quota;
    private final ServerKeyGuard serverKey;
    private final TrustedProxies proxies;
    private final ProblemResponses problems;

    HttpRateLimit(ThrottleHttpRequestUseCase quota, ServerKeyGuard serverKey, TrustedProxies proxies,
                  ProblemResponses problems) {
        this.quota = quota;
        this.serverKey = serverKey;
        this.proxies = proxies;
        this.problems = problems;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String path = request.path().path();
        if (!(path.startsWith("/api/") || path.equals("/agui")) || serverKey.presentsKey(request)) {
            chain.proceed();
            return;
        }
        HttpQuota taken = quota.take(RequestCredentials.of(request), client(request));
        response.header(LIMIT, String.valueOf(taken.limit()));
        response.header(REMAINING, String.valueOf(taken.remaining()));
        response.header(RESET, String.valueOf(seconds(taken.reset())));
        if (!taken.allowed()) {
            problems.sendRetryLater(response, ProblemResponses.problem(429, "over " + taken.limit()
                    + " requests per minute; retry after " + ProblemResponses.retrySeconds(taken.retryAfter()) + " s",
                    "rate_limited"), taken.retryAfter());
            return;
        }
        chain.proceed();
    }

    private ClientAddress client(RoutingRequest request) {
        return proxies.resolve(((InetSocketAddress) request.remotePeer().address()).getAddress(),
                request.headers().values(HeaderNames.X_FORWARDED_FOR));
    }

    /** Whole seconds, rounded up: a client told 0 would retry at once. */
    private static long seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis <= 0 ? 0 : (millis + 999) / 1000;
    }
}

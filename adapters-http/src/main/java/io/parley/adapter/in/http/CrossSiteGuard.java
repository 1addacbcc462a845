package io.parley.adapter.in.http;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import io.parley.adapter.common.web.ProblemResponses;
import io.parley.domain.connection.OriginPolicy;

/**
 * Cross-site request forgery, refused before a route runs: a request that changes state ({@code POST},
 * {@code PUT}, {@code PATCH}, {@code DELETE}) with an {@code Origin} must come from an allowed one (403), and one
 * with a body must say {@code Content-Type: application/json} (415), which a cross-site HTML form cannot send
 * without a CORS preflight that Parley never grants.
 */
final class CrossSiteGuard implements Filter {
    private static final Set<Method> CHANGING = Set.of(Method.POST, Method.PUT, Method.PATCH, Method.DELETE);
    private static final Set<Method> WITH_BODY = Set.of(Method.POST, Method.PUT, Method.PATCH);

    private final OriginPolicy origins;
    private final ProblemResponses problems;

    CrossSiteGuard(OriginPolicy origins, ProblemResponses problems) {
        this.origins = origins;
        this.problems = problems;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        Method method = request.prologue().method();
        if (!CHANGING.contains(method)) {
            chain.proceed();
            return;
        }
        Optional<String> origin = request.headers().first(HeaderNames.ORIGIN);
        if (origin.isPresent() && !origins.allows(origin, request.headers().first(HeaderNames.HOST))) {
            problems.send(response, ProblemResponses.problem(403, "origin " + origin.get()
                    + " may not change anything here", "forbidden"));
            return;
        }
        if (WITH_BODY.contains(method) && !json(request.headers().first(HeaderNames.CONTENT_TYPE))) {
            problems.send(response, ProblemResponses.problem(415, "send the body as Content-Type: application/json",
                    "bad_request"));
            return;
        }
        chain.proceed();
    }

    /** {@code application/json} or a {@code +json} type, parameters (a charset) aside. */
    private static boolean json(Optional<String> contentType) {
        if (contentType.isEmpty()) {
            return false;
        }
        String type = contentType.get().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
    }
}

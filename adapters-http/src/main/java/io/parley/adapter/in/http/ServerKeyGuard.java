package io.parley.adapter.in.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.parley.adapter.common.web.ProblemResponses;
import io.parley.adapter.common.web.RequestCredentials;
import io.parley.application.port.in.Caller;

/** Lets a request through only with the server key ({@code Authorization: Bearer <key>}). */
final class ServerKeyGuard {
    private final HttpSettings settings;
    private final ProblemResponses problems;

    ServerKeyGuard(HttpSettings settings, ProblemResponses problems) {
        this.settings = settings;
        this.problems = problems;
    }

    /** {@code handler}, behind the key. */
    Handler protect(Handler handler) {
        return (request, response) -> {
            if (admits(request, response)) {
                handler.handle(request, response);
            }
        };
    }

    /** Whether the request carries the configured server key. */
    boolean presentsKey(ServerRequest request) {
        return settings.apiKey().isPresent() && bearer(request)
                .filter(key -> MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
                        settings.apiKey().get().getBytes(StandardCharsets.UTF_8)))
                .isPresent();
    }

    /** The server key, when the request presents it; else the user its credentials name. */
    Caller caller(ServerRequest request) {
        return presentsKey(request) ? new Caller.ServerKey() : new Caller.User(RequestCredentials.of(request));
    }

    private static Optional<String> bearer(ServerRequest request) {
        return request.headers().first(HeaderNames.AUTHORIZATION)
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(v -> v.substring(7).trim());
    }

    private boolean admits(ServerRequest request, ServerResponse response) {
        if (settings.apiKey().isEmpty()) {
            problems.send(response, ProblemResponses.problem(403,
                    "no server key is configured (PARLEY_API_KEY), so server endpoints are closed", "forbidden"));
            return false;
        }
        if (bearer(request).isEmpty()) {
            response.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
            problems.send(response,
                    ProblemResponses.problem(401, "this endpoint needs the server key", "unauthorized"));
            return false;
        }
        if (!presentsKey(request)) {
            problems.send(response, ProblemResponses.problem(403, "the server key is not valid", "forbidden"));
            return false;
        }
        return true;
    }
}

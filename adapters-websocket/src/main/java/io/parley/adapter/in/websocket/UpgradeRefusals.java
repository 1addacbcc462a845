package io.parley.adapter.in.websocket;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.parley.adapter.common.json.Problem;
import io.parley.adapter.common.web.ProblemResponses;
import io.parley.application.port.in.Admission;
import io.parley.domain.connection.Refusal;

/**
 * Answers a refused upgrade with plain HTTP and problem+json: 400, 401, 403, 429 or 503 with
 * {@code Retry-After}. A {@code GET} on the endpoint that is no WebSocket upgrade gets 426.
 */
final class UpgradeRefusals {
    /** Set by the upgrader on the request it refused (any value a client sent is removed first). */
    static final HeaderName HEADER = HeaderNames.create("X-Parley-Upgrade-Refusal");

    private final ProblemResponses problems;

    UpgradeRefusals(ProblemResponses problems) {
        this.problems = problems;
    }

    static String encode(Admission.Refused refused) {
        return refused.refusal().name() + ";" + refused.retryAfter().toSeconds() + ";"
                + URLEncoder.encode(refused.detail(), StandardCharsets.UTF_8);
    }

    void handle(ServerRequest request, ServerResponse response) {
        boolean upgradeSeen = request.headers().first(HeaderNames.UPGRADE).filter("websocket"::equals).isPresent();
        Optional<Admission.Refused> refused = upgradeSeen
                ? request.headers().first(HEADER).flatMap(UpgradeRefusals::decode)
                : Optional.empty();
        if (refused.isEmpty()) {
            response.header(HeaderNames.UPGRADE, "websocket");
            problems.send(response, ProblemResponses.problem(426,
                    "this endpoint speaks WebSocket: send a GET with Upgrade: websocket", "upgrade_required"));
            return;
        }
        Admission.Refused r = refused.get();
        int status = statusOf(r.refusal());
        Problem problem = ProblemResponses.problem(status, r.detail(), r.refusal().label());
        if (r.refusal() == Refusal.UNAUTHENTICATED) {
            response.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        if (r.retryAfter().isZero()) {
            problems.send(response, problem);
        } else {
            problems.sendRetryLater(response, problem, r.retryAfter());
        }
    }

    static int statusOf(Refusal refusal) {
        return switch (refusal) {
            case BAD_REQUEST -> 400;
            case UNAUTHENTICATED -> 401;
            case ORIGIN_NOT_ALLOWED -> 403;
            case TOO_MANY_FOR_CLIENT, CONNECT_RATE -> 429;
            case NODE_FULL, SHUTTING_DOWN -> 503;
        };
    }

    private static Optional<Admission.Refused> decode(String value) {
        String[] parts = value.split(";", 3);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Admission.Refused(Refusal.valueOf(parts[0]),
                    URLDecoder.decode(parts[2], StandardCharsets.UTF_8), Duration.ofSeconds(Long.parseLong(parts[1]))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

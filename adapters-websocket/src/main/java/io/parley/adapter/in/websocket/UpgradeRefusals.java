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

import io.parley.adapter.common.web.ProblemResponses;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.Refusal;

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

    static String encode(Refusal refusal) {
        return refusal.code().name() + ";" + refusal.reason() + ";" + refusal.retryAfter().toMillis() + ";"
                + URLEncoder.encode(refusal.message(), StandardCharsets.UTF_8);
    }

    void handle(ServerRequest request, ServerResponse response) {
        boolean upgradeSeen = request.headers().first(HeaderNames.UPGRADE).filter("websocket"::equals).isPresent();
        Optional<Refusal> refused = upgradeSeen
                ? request.headers().first(HEADER).flatMap(UpgradeRefusals::decode)
                : Optional.empty();
        if (refused.isEmpty()) {
            response.header(HeaderNames.UPGRADE, "websocket");
            problems.send(response, ProblemResponses.problem(426,
                    "this endpoint speaks WebSocket: send a GET with Upgrade: websocket", "upgrade_required"));
            return;
        }
        problems.send(response, refused.get());
    }

    private static Optional<Refusal> decode(String value) {
        String[] parts = value.split(";", 4);
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Refusal(ErrorCode.valueOf(parts[0]), parts[1],
                    URLDecoder.decode(parts[3], StandardCharsets.UTF_8), Duration.ofMillis(Long.parseLong(parts[2]))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

package io.parley.adapter.common.web;

import java.util.Locale;
import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import io.parley.application.port.out.IdentityPort.Credentials;

/**
 * Reads what a request carries about its sender: a bearer token from {@code Authorization} or, for browsers
 * (which cannot set headers on a WebSocket), from the {@code access_token} parameter; and the dev-mode
 * {@code user} parameter.
 */
public final class RequestCredentials {
    private RequestCredentials() {
    }

    /** What an HTTP request carries: its {@code Authorization} header, {@code access_token} and {@code user}. */
    public static Credentials of(ServerRequest request) {
        return of(request.headers().first(HeaderNames.AUTHORIZATION),
                request.query().first("access_token").asOptional(), request.query().first("user").asOptional());
    }

    public static Credentials of(Optional<String> authorization, Optional<String> accessToken,
                                 Optional<String> user) {
        Optional<String> bearer = authorization
                .filter(value -> value.length() > 7 && value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer "))
                .map(value -> value.substring(7).trim())
                .or(() -> accessToken)
                .filter(token -> !token.isBlank());
        return new Credentials(bearer, user);
    }
}

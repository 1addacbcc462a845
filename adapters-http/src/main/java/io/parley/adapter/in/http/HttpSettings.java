package io.parley.adapter.in.http;

import java.time.Duration;
import java.util.Optional;

import io.parley.domain.connection.OriginPolicy;

/**
 * How the HTTP API authenticates servers, guards against cross-site requests and streams.
 *
 * @param apiKey       the server key other services present as {@code Authorization: Bearer <key>}; without one,
 *                     the server endpoints are closed
 * @param origins      the browser origins that may send requests which change state
 * @param writeTimeout how long one write of a streamed answer may block before the stream is cut
 */
public record HttpSettings(Optional<String> apiKey, OriginPolicy origins, Duration writeTimeout) {
    public HttpSettings {
        apiKey = apiKey.filter(k -> !k.isBlank());
        if (origins == null) {
            throw new IllegalArgumentException("the origin policy is needed");
        }
        if (writeTimeout == null || writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("the write timeout must be positive");
        }
    }
}

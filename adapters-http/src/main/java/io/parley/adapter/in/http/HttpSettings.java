package io.parley.adapter.in.http;

import java.time.Duration;
import java.util.Optional;

/**
 * How the HTTP API authenticates servers and streams.
 *
 * @param apiKey the server key other services present as {@code Authorization: Bearer <key>}
 * @param openWithoutKey whether server-key endpoints are open when no key is configured (dev mode only)
 * @param writeTimeout how long one write of a streamed answer may block before the stream is cut
 */
public record HttpSettings(Optional<String> apiKey, boolean openWithoutKey, Duration writeTimeout) {
    public HttpSettings {
        apiKey = apiKey.filter(k -> !k.isBlank());
        if (writeTimeout == null || writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("the write timeout must be positive");
        }
    }
}

package io.parley.adapter.in.http;

import java.util.Optional;

/**
 * How the HTTP API authenticates servers.
 *
 * @param apiKey the server key other services present as {@code Authorization: Bearer <key>}
 * @param openWithoutKey whether server-key endpoints are open when no key is configured (dev mode only)
 */
public record HttpSettings(Optional<String> apiKey, boolean openWithoutKey) {
    public HttpSettings {
        apiKey = apiKey.filter(k -> !k.isBlank());
    }
}

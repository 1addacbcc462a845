package io.parley.domain.connection;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser origins may open connections, against Cross-Site WebSocket Hijacking. A request without an
 * {@code Origin} (not a browser) passes. With no allowed origins configured, only the page's own host passes:
 * the origin's host and port must equal the {@code Host} the request was sent to. {@code *} allows any origin.
 */
public record OriginPolicy(Set<String> allowed) {

    public OriginPolicy {
        allowed = allowed.stream().map(OriginPolicy::normalize).collect(Collectors.toUnmodifiableSet());
    }

    /** Only the same host. */
    public static OriginPolicy sameHost() {
        return new OriginPolicy(Set.of());
    }

    /** Whether a request carrying {@code origin} and sent to {@code host} passes. */
    public boolean allows(Optional<String> origin, Optional<String> host) {
        if (origin.isEmpty()) {
            return true;
        }
        String candidate = normalize(origin.get());
        if (allowed.contains("*") || allowed.contains(candidate)) {
            return true;
        }
        return allowed.isEmpty() && host.isPresent() && sameHost(candidate, host.get());
    }

    /** Whether the origin {@code scheme://host[:port]} names the same authority as {@code host[:port]}. */
    private static boolean sameHost(String origin, String host) {
        int separator = origin.indexOf("://");
        if (separator <= 0) {
            return false;
        }
        String scheme = origin.substring(0, separator);
        String authority = origin.substring(separator + 3);
        String expected = host.trim().toLowerCase(Locale.ROOT);
        String defaultPort = scheme.equals("https") || scheme.equals("wss") ? "443" : "80";
        return withPort(authority, defaultPort).equals(withPort(expected, defaultPort));
    }

    /** {@code host:port}, with the default port added when none is given (IPv6 literals in brackets). */
    private static String withPort(String authority, String defaultPort) {
        int bracket = authority.lastIndexOf(']');
        int colon = authority.lastIndexOf(':');
        boolean hasPort = colon > bracket && (bracket >= 0 || authority.indexOf(':') == colon);
        return hasPort ? authority : authority + ":" + defaultPort;
    }

    private static String normalize(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}

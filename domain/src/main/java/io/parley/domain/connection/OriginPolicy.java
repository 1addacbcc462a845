package io.parley.domain.connection;

import java.net.URI;
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

    private static boolean sameHost(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null) {
                return false;
            }
            String authority = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            String expected = host.toLowerCase(Locale.ROOT);
            return authority.equals(expected) || (uri.getPort() == -1 && defaultPortOf(uri, expected));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean defaultPortOf(URI uri, String host) {
        String port = "https".equals(uri.getScheme()) ? "443" : "80";
        return host.equals(uri.getHost() + ":" + port);
    }

    private static String normalize(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}

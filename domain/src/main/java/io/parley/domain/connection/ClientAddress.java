package io.parley.domain.connection;

/** The network address a client connects from, after trusted proxies are taken into account. */
public record ClientAddress(String host) {
    public ClientAddress {
        if (host == null || host.isBlank() || host.length() > 255) {
            throw new IllegalArgumentException("client address must be 1-255 characters");
        }
    }

    @Override
    public String toString() {
        return host;
    }
}

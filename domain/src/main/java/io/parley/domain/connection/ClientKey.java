package io.parley.domain.connection;

/**
 * What per-client limits count by: the user where the identity is known (a token, or a chosen dev-mode name),
 * else the client's address.
 */
public record ClientKey(String value) {
    public ClientKey {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("client key must not be blank");
        }
    }

    public static ClientKey ofUser(UserId user) {
        return new ClientKey("user:" + user.value());
    }

    public static ClientKey ofAddress(ClientAddress address) {
        return new ClientKey("ip:" + address.host());
    }

    @Override
    public String toString() {
        return value;
    }
}

package io.parley.domain.connection;

import java.util.Locale;

/** Why an upgrade request did not become a connection. */
public enum UpgradeRefusal {
    /** The request is not a usable WebSocket upgrade or names no valid user. */
    BAD_REQUEST,
    /** The identity could not be established (jwt mode). */
    UNAUTHENTICATED,
    /** The {@code Origin} is not allowed (Cross-Site WebSocket Hijacking). */
    ORIGIN_NOT_ALLOWED,
    /** The client already holds its maximum of connections. */
    TOO_MANY_FOR_CLIENT,
    /** The client's address already holds its maximum of connections, whatever users they claim. */
    TOO_MANY_FOR_ADDRESS,
    /** The client connects faster than allowed. */
    CONNECT_RATE,
    /** The node holds its maximum of connections. */
    NODE_FULL,
    /** The node is shutting down. */
    SHUTTING_DOWN;

    /** Whether this refusal is a limit being hit (rather than a request that is wrong or not allowed). */
    public boolean isLimit() {
        return this == TOO_MANY_FOR_CLIENT || this == TOO_MANY_FOR_ADDRESS || this == CONNECT_RATE || this == NODE_FULL || this == SHUTTING_DOWN;
    }

    /** A short name for logs and metrics, such as {@code node_full}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

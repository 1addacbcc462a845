package io.parley.domain.connection;

import java.time.Instant;

/** Who holds an open connection, from where, since when. */
public record ConnectionInfo(ConnectionId id, UserId user, ClientAddress client, Instant openedAt) {
    public ConnectionInfo {
        if (id == null || user == null || client == null || openedAt == null) {
            throw new IllegalArgumentException("connection info needs id, user, client and opening time");
        }
    }
}

package io.parley.application.port.in;

import io.parley.domain.connection.ClientAddress;
import io.parley.domain.connection.ClientKey;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.UserId;

/**
 * An admitted connection that holds its places in the limits (its client's and its address's) until it opens or
 * is abandoned.
 */
public record ConnectionTicket(ConnectionId id, ClientAddress client, Principal principal) {
    public ConnectionTicket {
        if (id == null || client == null || principal == null) {
            throw new IllegalArgumentException("a ticket needs an id, a client and a principal");
        }
    }

    public UserId user() {
        return principal.user();
    }

    /** Whether the connection must send its token ({@code auth}) before anything else. */
    public boolean awaitingAuth() {
        return !principal.authenticated();
    }

    /** What the per-address limit counts the connection by. */
    public ClientKey addressKey() {
        return ClientKey.ofAddress(client);
    }
}

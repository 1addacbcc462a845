package io.parley.application.port.in;

import io.parley.domain.connection.ClientAddress;
import io.parley.domain.connection.ClientKey;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.UserId;

/** An admitted connection that holds its place in the limits until it opens or is abandoned. */
public record ConnectionTicket(ConnectionId id, UserId user, ClientAddress client, ClientKey clientKey) {
    public ConnectionTicket {
        if (id == null || user == null || client == null || clientKey == null) {
            throw new IllegalArgumentException("a ticket needs id, user, client and client key");
        }
    }
}

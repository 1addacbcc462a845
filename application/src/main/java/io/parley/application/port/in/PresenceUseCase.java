package io.parley.application.port.in;

import io.parley.domain.connection.ConnectionId;
import io.parley.domain.protocol.ClientRequest;

/** Who is in a conversation now, on every node ({@code presence}). */
public interface PresenceUseCase {

    /** The reply is {@code presence} {conversation, members}. Refused: {@code not_joined}, {@code unavailable}. */
    Outcome<Reply> presence(ConnectionId connection, ClientRequest.Presence request);
}

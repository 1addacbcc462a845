package io.parley.application.port.in;

import io.parley.domain.connection.ConnectionId;
import io.parley.domain.protocol.ClientRequest;

/** Joins a connection to a conversation. */
public interface JoinConversationUseCase {

    /**
     * Joins, creating the conversation if it does not exist. The connection gets {@code joined}, then with
     * {@code since} the missed messages in order, then every new message live, each exactly once.
     */
    void join(ConnectionId connection, ClientRequest.Join request);
}

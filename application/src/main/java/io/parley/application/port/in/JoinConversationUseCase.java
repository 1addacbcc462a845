package io.parley.application.port.in;

import io.parley.domain.connection.ConnectionId;
import io.parley.domain.protocol.ClientRequest;

/** Joins a connection to a conversation. */
public interface JoinConversationUseCase {

    /**
     * Joins, creating the conversation if it does not exist (and the user's creation rate allows). The reply is
     * {@code joined}, then with {@code since} the missed messages in order (bounded), then, for a run in flight,
     * the run so far; every new message follows live, each exactly once.
     */
    Outcome<Reply> join(ConnectionId connection, ClientRequest.Join request);
}

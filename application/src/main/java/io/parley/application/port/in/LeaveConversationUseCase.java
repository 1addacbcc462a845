package io.parley.application.port.in;

import io.parley.domain.connection.ConnectionId;
import io.parley.domain.protocol.ClientRequest;

/** Takes a connection out of a conversation. */
public interface LeaveConversationUseCase {

    /** Stops the conversation's events to this connection; the reply is {@code left}. Membership stays. */
    Outcome<Reply> leave(ConnectionId connection, ClientRequest.Leave request);
}

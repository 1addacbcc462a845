package io.parley.application.port.in;

import io.parley.domain.connection.ConnectionId;
import io.parley.domain.protocol.ClientRequest;

/** Reads a conversation's past messages. */
public interface LoadHistoryUseCase {

    /** Answers a connection's {@code history} request with a page of messages, oldest first. */
    void history(ConnectionId connection, ClientRequest.History request);
}

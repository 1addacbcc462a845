package io.parley.application.port.in;

import io.parley.domain.connection.ConnectionId;
import io.parley.domain.protocol.ClientRequest;

/** Posts a message from a connection. */
public interface SendMessageUseCase {

    /**
     * Stores the message, answers {@code ack} once it is committed, then pushes it to every member. A resend with
     * an id already stored is answered with the original {@code ack} and not stored again.
     */
    void send(ConnectionId connection, ClientRequest.Send request);
}

package io.parley.application.port.in;

import io.parley.domain.connection.ConnectionId;
import io.parley.domain.protocol.ClientRequest;

/** Posts a message from a connection. */
public interface SendMessageUseCase {

    /**
     * Stores the message; the reply is {@code ack} once it is committed, and the message goes to every member,
     * the sender included, after it. A resend with an id already stored gets the original {@code ack} and is not
     * stored again.
     */
    Outcome<Reply> send(ConnectionId connection, ClientRequest.Send request);
}

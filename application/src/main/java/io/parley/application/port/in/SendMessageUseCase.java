package io.parley.application.port.in;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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

    /**
     * As {@link #send}, without waiting for the commit: the outcome completes once the message is committed and
     * pushed, so that a connection may have several sends in flight (their appends share commits; each send's
     * offset and answer keep the order they were sent in). By default it is {@link #send}, done at once.
     */
    default CompletionStage<Outcome<Reply>> sendPipelined(ConnectionId connection, ClientRequest.Send request) {
        return CompletableFuture.completedFuture(send(connection, request));
    }
}

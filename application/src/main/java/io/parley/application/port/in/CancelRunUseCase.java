package io.parley.application.port.in;

import io.parley.domain.connection.ConnectionId;
import io.parley.domain.protocol.ClientRequest;

/** Cancels assistant runs. */
public interface CancelRunUseCase {

    /**
     * Cancels the run, which must be in progress in a conversation the connection has joined: the reply is
     * {@code ack}, and the run ends with {@code RUN_ERROR} code {@code cancelled} after it. Otherwise
     * {@code not_found}.
     */
    Outcome<Reply> cancel(ConnectionId connection, ClientRequest.Cancel request);
}

package io.parley.application.port.in;

import io.parley.domain.connection.ConnectionId;
import io.parley.domain.protocol.ClientRequest;

/** A member changes a conversation's shared state. */
public interface ChangeStateUseCase {

    /**
     * Applies the patch to the version the member saw, stores the new state (version + 1), answers {@code ack}
     * {version} and sends {@code STATE_DELTA} to every member. Refused: {@code not_joined}, {@code forbidden} (a
     * viewer), {@code conflict} (the state moved on since that version: the reply then carries the current
     * {@code STATE_SNAPSHOT} too), {@code bad_request} (not a JSON Patch, or one that does not apply),
     * {@code too_large} (the state would outgrow its bound), {@code unavailable}.
     */
    Outcome<Reply> change(ConnectionId connection, ClientRequest.ChangeState request);
}

package io.parley.application.port.in;

import io.parley.domain.connection.CloseReason;
import io.parley.domain.connection.ConnectionId;

/** Forgets connections that ended, whichever way they ended. */
public interface CloseConnectionUseCase {

    /**
     * Records that the connection has ended: it leaves every conversation and the counts, nothing of it is left
     * behind. The reason recorded is the close the server or the client began, if one did; {@code seen} (how the
     * transport saw the socket end) otherwise. Idempotent: only the first call counts.
     */
    void closed(ConnectionId connection, CloseReason seen);
}

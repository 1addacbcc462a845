package io.parley.application.port.in;

import io.parley.domain.connection.CloseReason;
import io.parley.domain.connection.ConnectionId;

/** Forgets connections that ended, whichever way they ended. */
public interface CloseConnectionUseCase {

    /**
     * Records that the connection has ended for {@code reason}: it leaves every conversation and the counts,
     * nothing of it is left behind. Idempotent: only the first call counts.
     */
    void closed(ConnectionId connection, CloseReason reason);
}

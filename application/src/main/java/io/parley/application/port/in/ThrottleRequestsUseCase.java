package io.parley.application.port.in;

import io.parley.domain.connection.ConnectionId;

/** Holds each connection to its message rate. */
public interface ThrottleRequestsUseCase {

    /**
     * Decides on one more message from the connection: within the rate it goes ahead; over it, it is refused;
     * a connection that keeps going over it after ten refusals within a minute is closed with 4008.
     */
    RequestAdmission admitRequest(ConnectionId connection);
}

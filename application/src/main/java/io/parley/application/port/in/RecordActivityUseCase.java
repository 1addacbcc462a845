package io.parley.application.port.in;

import io.parley.domain.connection.ConnectionId;

/** Tells the heartbeat what a connection has been doing. */
public interface RecordActivityUseCase {

    /** A frame of any kind arrived (pongs included): the connection is alive. */
    void frameReceived(ConnectionId connection);

    /** A request arrived (not a ping or pong): the connection is in use. */
    void requestReceived(ConnectionId connection);

    /** The connection crossed a limit named {@code limit} (such as {@code bad_frames}) and is being closed. */
    void limitHit(ConnectionId connection, String limit);
}

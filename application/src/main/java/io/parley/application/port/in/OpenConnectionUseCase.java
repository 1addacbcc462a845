package io.parley.application.port.in;

import io.parley.application.port.out.ConnectionTransportPort;

/** Opens admitted connections. */
public interface OpenConnectionUseCase {

    /**
     * Opens an admitted connection whose socket is {@code transport}; it gets {@code welcome}. The session is what
     * the adapter that reads the connection drives it with.
     */
    ConnectionSession open(ConnectionTicket ticket, ConnectionTransportPort transport);

    /** Gives back the place of an admitted connection that never opened (the handshake failed). */
    void abandon(ConnectionTicket ticket);
}

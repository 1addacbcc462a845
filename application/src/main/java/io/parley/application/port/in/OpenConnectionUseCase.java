package io.parley.application.port.in;

import io.parley.application.port.out.ConnectionOutboundPort;

/** Admits and opens connections. */
public interface OpenConnectionUseCase {

    /** Decides on an upgrade request: identity, origin, limits. An admission counts against the limits at once. */
    Admission admit(AdmitConnectionCommand command);

    /** Opens an admitted connection that will be reached through {@code outbound}; sends it {@code welcome}. */
    void open(ConnectionTicket ticket, ConnectionOutboundPort outbound);

    /** Gives back the place of an admitted connection that never opened (the handshake failed). */
    void abandon(ConnectionTicket ticket);
}

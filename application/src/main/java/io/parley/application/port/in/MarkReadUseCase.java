package io.parley.application.port.in;

import io.parley.domain.connection.ConnectionId;
import io.parley.domain.protocol.ClientRequest;

/**
 * A member's read marker and their typing: {@code read} stores the marker (never backwards) and tells the members
 * {@code read} {user, offset}; {@code typing} tells the other members, at most once a second per user and
 * conversation, and is never stored.
 */
public interface MarkReadUseCase {

    /** Done: nothing to answer. Refused: {@code not_joined}, {@code unavailable}. */
    Outcome<Reply> read(ConnectionId connection, ClientRequest.Read request);

    /**
     * Done: nothing to answer (another within the same second is dropped). Refused: {@code not_joined},
     * {@code forbidden}.
     */
    Outcome<Reply> typing(ConnectionId connection, ClientRequest.Typing request);
}

package io.parley.application.port.out;

import java.util.List;

import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;

/**
 * Who is in which conversation, across every live node: the connections that have joined it, by user. A node
 * that stops refreshing (it died) has what it held forgotten within the presence timeout.
 */
public interface PresencePort {

    /** {@code connection} of {@code user} joined {@code conversation}; true when it is the user's first there. */
    boolean arrived(ConversationId conversation, UserId user, ConnectionId connection);

    /** {@code connection} of {@code user} left {@code conversation}; true when it was the user's last there. */
    boolean departed(ConversationId conversation, UserId user, ConnectionId connection);

    /** The users in {@code conversation} now with their connection counts, by user id, at most {@code limit}. */
    List<Present> present(ConversationId conversation, int limit);

    /**
     * Forgets what nodes that stopped refreshing left behind, and keeps this node's own entries fresh; the users
     * whose last connection in a conversation went with a dead node.
     */
    List<Departure> refresh();

    /** A user in a conversation, with how many connections they have there. */
    record Present(UserId user, int connections) {
    }

    /** {@code user}'s last connection in {@code conversation} went away with its node. */
    record Departure(ConversationId conversation, UserId user) {
    }
}

package io.parley.application.port.out;

import java.util.Optional;

import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Role;
import io.parley.domain.protocol.Exclusions;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.run.RunId;

/**
 * Reaches connections wherever they are held: the members of a conversation, the connections of a user, every
 * connection; and tells every node of membership changes, so that what a role no longer allows stops at once
 * everywhere. The single-node implementation is this node's delivery; a cluster adapter publishes to every node,
 * each of which hands what arrives to its {@code DeliverLocallyUseCase}.
 */
public interface FanoutPort {

    /** Pushes {@code event} to the members of {@code conversation} connected anywhere. */
    void publish(ConversationId conversation, ServerEvent event);

    /** Pushes {@code event} to every connection of {@code user}, anywhere. */
    void publishToUser(UserId user, ServerEvent event);

    /** Pushes {@code event} to every connection anywhere but those left out. */
    void broadcast(ServerEvent event, Exclusions exclusions);

    /** {@code user}'s membership of {@code conversation} is now {@code role} (empty: ended). */
    void membershipChanged(ConversationId conversation, UserId user, Optional<Role> role);

    /** {@code conversation} was deleted. */
    void conversationDeleted(ConversationId conversation);

    /** Asks whichever node runs {@code run} to cancel it (a member asked on another node). */
    void cancelRun(RunId run);

    /** How far the fan-out reaches now: this node alone, or the cluster (up, or degraded while Redis is away). */
    default Reach reach() {
        return Reach.NODE;
    }

    /** How far the fan-out reaches. */
    enum Reach {
        /** This node only: there is no cluster. */
        NODE,
        /** Every node. */
        CLUSTER,
        /** A cluster that cannot reach its other nodes now: this node's members are served, the rest later. */
        DEGRADED
    }
}

package io.parley.application.port.in;

import java.util.Optional;

import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Role;
import io.parley.domain.protocol.Exclusions;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.run.RunId;

/**
 * Delivers to the connections this node holds: what the fan-out reaches every node with. The single-node
 * fan-out is this node's delivery itself; a cluster adapter calls it with what other nodes published.
 */
public interface DeliverLocallyUseCase {

    /** Delivers {@code event} to the conversation's members here; returns to how many. Messages in offset order. */
    int deliverLocally(ConversationId conversation, ServerEvent event);

    /** Delivers {@code event} to every connection of {@code user} here; returns to how many. */
    int deliverToUserLocally(UserId user, ServerEvent event);

    /** Delivers {@code event} to every connection here but those left out; returns to how many. */
    int deliverToEveryoneLocally(ServerEvent event, Exclusions exclusions);

    /**
     * {@code user}'s membership of {@code conversation} changed to {@code role} (empty: it ended): their
     * connections here get {@code role} and keep what it allows, or get {@code left} (reason {@code removed}) and
     * are unsubscribed.
     */
    void membershipChangedLocally(ConversationId conversation, UserId user, Optional<Role> role);

    /** {@code conversation} was deleted: its members here get {@code deleted} and are unsubscribed. */
    void conversationDeletedLocally(ConversationId conversation);

    /** Cancels {@code run} if it runs on this node (a member asked on another node). */
    void cancelRunLocally(RunId run);

    /**
     * Reads from the store what this node's members may have missed while the other nodes could not reach it (its
     * link to them was down): every conversation joined here catches up to its latest offset.
     */
    void catchUpFromStore();
}

package io.parley.application.port.in;

import io.parley.domain.conversation.ConversationId;
import io.parley.domain.protocol.ServerEvent;

/**
 * Delivers an event to the connections of a conversation held by this node. Cluster adapters call it with what
 * other nodes published.
 */
public interface DeliverToConversationUseCase {

    /** Delivers {@code event}; returns to how many connections. Messages go out in offset order, once each. */
    int deliverLocally(ConversationId conversation, ServerEvent event);
}

package io.parley.application.port.out;

import io.parley.domain.conversation.ConversationId;
import io.parley.domain.protocol.ServerEvent;

/**
 * Pushes an event to every connection that has joined a conversation, wherever it is held. The in-process
 * implementation reaches this node's connections; a cluster adapter reaches every node's.
 */
public interface ConversationFanoutPort {

    /** Pushes {@code event} to the members of {@code conversation} connected anywhere. */
    void publish(ConversationId conversation, ServerEvent event);
}

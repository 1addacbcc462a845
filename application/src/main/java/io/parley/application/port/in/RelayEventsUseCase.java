package io.parley.application.port.in;

import java.util.List;

import io.parley.domain.conversation.ConversationId;

/** Lets backend services push AG-UI events (pipeline status and the like) to a conversation's members. */
public interface RelayEventsUseCase {

    /**
     * Pushes each event (a JSON object with a string {@code type}) live to the members; nothing is stored.
     *
     * @return false when the conversation does not exist
     */
    boolean relay(ConversationId conversation, List<String> events);
}

package io.parley.application.port.in;

import java.util.List;

import io.parley.domain.conversation.ConversationId;

/** Lets backend services push AG-UI events (pipeline status and the like) to a conversation's members. */
public interface RelayEventsUseCase {

    /**
     * Pushes each event (a JSON object with a string {@code type}) live to the members; nothing is stored. The
     * events of one request are bounded in count and bytes ({@code RelayLimit}): over it, {@code too_large} and
     * nothing is relayed; {@code not_found} for a conversation that does not exist.
     */
    Outcome<Relayed> relay(ConversationId conversation, List<String> events);

    /** Pushed to the members connected now. */
    record Relayed(int events) {
    }
}

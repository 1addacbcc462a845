package io.parley.application.port.in;

import java.util.List;

import io.parley.domain.conversation.ConversationId;

/** Lets backend services push AG-UI events (pipeline status and the like) to a conversation's members. */
public interface RelayEventsUseCase {

    /**
     * Pushes each event (a JSON object with a string {@code type}) live to the members; nothing is stored. The
     * events of one request are bounded in count and bytes ({@code RelayLimit}).
     */
    Relay relay(ConversationId conversation, List<String> events);

    /** The outcome of {@link #relay}. */
    sealed interface Relay {
        /** Pushed to the members connected now. */
        record Relayed(int events) implements Relay {
        }

        /** The conversation does not exist. */
        record NoSuchConversation() implements Relay {
        }

        /** The request crossed a bound; nothing was relayed. */
        record TooLarge(String reason) implements Relay {
        }
    }
}

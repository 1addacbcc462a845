package io.parley.application.port.out;

import java.time.Instant;
import java.util.Optional;

import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.Role;

/** Where webhook events go: the receiver's URL, each event signed. */
public interface WebhookPort {

    /** Sends {@code event} once; whether the receiver took it (a 2xx). Never throws for a failing receiver. */
    Delivery send(Event event);

    /**
     * One event: {@code id} (the same on every retry, for de-duplication), {@code type} ({@code message},
     * {@code message_edited}, {@code message_deleted}, {@code member_joined}, {@code member_role},
     * {@code member_removed}), the conversation, the offset of a log entry, when it happened, and the entry or the
     * member concerned.
     */
    record Event(String id, String type, ConversationId conversation, Optional<Long> offset, Instant at,
                 Optional<Message> entry, Optional<UserId> user, Optional<Role> role) {
    }

    /** How one send ended. */
    sealed interface Delivery {
        /** The receiver answered 2xx. */
        record Delivered() implements Delivery {
        }

        /** Anything else: a status, a refused connection, a timeout. */
        record Failed(String reason) implements Delivery {
        }
    }
}

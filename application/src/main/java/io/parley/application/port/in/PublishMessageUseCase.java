package io.parley.application.port.in;

import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRole;

/** Lets backend services post messages into conversations. */
public interface PublishMessageUseCase {

    /**
     * Stores the message and pushes it to every member; idempotent by {@code id} when one is given. Refused:
     * {@code not_found} (no such conversation), {@code conflict} (the id was used for another message),
     * {@code too_large} (over the content bound), {@code unavailable}.
     */
    Outcome<Published> publish(Publish command);

    /**
     * A message a backend posts.
     *
     * @param id the caller's message id for idempotent retries, or {@code null}
     */
    record Publish(ConversationId conversation, MessageId id, MessageRole role, UserId sender, String content) {
        public Publish {
            if (conversation == null || role == null || sender == null || content == null || content.isEmpty()) {
                throw new IllegalArgumentException("a publication needs a conversation, role, sender and content");
            }
        }
    }

    /** Stored (or stored before, when {@code repeated}) as {@code message}. */
    record Published(Message message, boolean repeated) {
    }
}

package io.parley.domain.conversation;

import java.time.Instant;

import io.parley.domain.connection.UserId;

/**
 * A message accepted for storing, before the store gives it its offset.
 *
 * @param run the assistant run that produced it, or {@code null}
 */
public record NewMessage(ConversationId conversation, MessageId id, MessageRole role, UserId sender, String content,
                         Instant at, String run) {
    public NewMessage {
        if (conversation == null || id == null || role == null || sender == null || at == null) {
            throw new IllegalArgumentException("a message needs a conversation, id, role, sender and time");
        }
        if (content == null || content.isEmpty()) {
            throw new IllegalArgumentException("message content must not be empty");
        }
    }

    /** The stored message this becomes at {@code offset}. */
    public Message at(long offset) {
        return new Message(conversation, offset, id, role, sender, content, at, run);
    }
}

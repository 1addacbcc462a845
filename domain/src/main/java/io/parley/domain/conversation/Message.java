package io.parley.domain.conversation;

import java.time.Instant;
import java.util.Optional;

import io.parley.domain.attachment.AttachmentRef;
import io.parley.domain.connection.UserId;
import io.parley.domain.run.RunId;

/**
 * A stored message. Offsets are per conversation: they start at 1, grow by one, are never reused, and are the
 * position clients recover from.
 *
 * @param run   the assistant run that produced it, or {@code null}
 * @param agent      its tool calls, the call it answers, its reasoning ({@link AgentParts#NONE} for plain text)
 * @param attachment the uploaded file it carries, or {@code null}
 */
public record Message(ConversationId conversation, long offset, MessageId id, MessageRole role, UserId sender,
                      String content, Instant at, RunId run, AgentParts agent, AttachmentRef attachment) {
    public Message {
        if (conversation == null || id == null || role == null || sender == null || at == null || content == null) {
            throw new IllegalArgumentException("a message needs a conversation, id, role, sender, content and time");
        }
        if (offset < 1) {
            throw new IllegalArgumentException("offsets start at 1: " + offset);
        }
        agent = agent == null ? AgentParts.NONE : agent;
    }

    /** A message without an attachment. */
    public Message(ConversationId conversation, long offset, MessageId id, MessageRole role, UserId sender,
                   String content, Instant at, RunId run, AgentParts agent) {
        this(conversation, offset, id, role, sender, content, at, run, agent, null);
    }

    /** A message of plain text. */
    public Message(ConversationId conversation, long offset, MessageId id, MessageRole role, UserId sender,
                   String content, Instant at, RunId run) {
        this(conversation, offset, id, role, sender, content, at, run, AgentParts.NONE, null);
    }

    /** The assistant run that produced this message, if any. */
    public Optional<RunId> runId() {
        return Optional.ofNullable(run);
    }

    /** The uploaded file this message carries, if any. */
    public Optional<AttachmentRef> attached() {
        return Optional.ofNullable(attachment);
    }
}

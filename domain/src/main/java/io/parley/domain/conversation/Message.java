package io.parley.domain.conversation;

import java.time.Instant;
import java.util.Optional;

import io.parley.domain.connection.UserId;
import io.parley.domain.run.RunId;

/**
 * A stored message. Offsets are per conversation: they start at 1, grow by one, are never reused, and are the
 * position clients recover from.
 *
 * @param run   the assistant run that produced it, or {@code null}
 * @param agent      its tool calls, the call it answers, its reasoning ({@link AgentParts#NONE} for plain text)
 * @param attachment the uploaded file it carries, or {@code null}
 * @param revision   whether it was edited or deleted, or is itself the edit or delete of another message
 */
public record Message(ConversationId conversation, long offset, MessageId id, MessageRole role, UserId sender,
                      String content, Instant at, RunId run, AgentParts agent, AttachmentRef attachment,
                      Revision revision) {
    public Message {
        if (conversation == null || id == null || role == null || sender == null || at == null || content == null) {
            throw new IllegalArgumentException("a message needs a conversation, id, role, sender, content and time");
        }
        if (offset < 1) {
            throw new IllegalArgumentException("offsets start at 1: " + offset);
        }
        agent = agent == null ? AgentParts.NONE : agent;
        revision = revision == null ? Revision.NONE : revision;
    }

    /** A message that was never edited. */
    public Message(ConversationId conversation, long offset, MessageId id, MessageRole role, UserId sender,
                   String content, Instant at, RunId run, AgentParts agent, AttachmentRef attachment) {
        this(conversation, offset, id, role, sender, content, at, run, agent, attachment, Revision.NONE);
    }

    /** A message without an attachment. */
    public Message(ConversationId conversation, long offset, MessageId id, MessageRole role, UserId sender,
                   String content, Instant at, RunId run, AgentParts agent) {
        this(conversation, offset, id, role, sender, content, at, run, agent, null, Revision.NONE);
    }

    /** A message of plain text. */
    public Message(ConversationId conversation, long offset, MessageId id, MessageRole role, UserId sender,
                   String content, Instant at, RunId run) {
        this(conversation, offset, id, role, sender, content, at, run, AgentParts.NONE, null, Revision.NONE);
    }

    /** The assistant run that produced this message, if any. */
    public Optional<RunId> runId() {
        return Optional.ofNullable(run);
    }

    /** Whether this is a message (not the edit or delete of one) that was deleted: shown nowhere. */
    public boolean isDeleted() {
        return revision.deletedAt() != null;
    }

    /** Whether this is a message as members see it: not deleted, and not the edit or delete of another. */
    public boolean isShown() {
        return revision.deletedAt() == null && revision.change() == null;
    }

    /** This message edited to {@code newContent} at {@code when}. */
    public Message edited(String newContent, Instant when) {
        return new Message(conversation, offset, id, role, sender, newContent, at, run, agent, attachment,
                new Revision(when, null, null));
    }

    /** This message deleted at {@code when}: its offset stays, with nothing of what it said. */
    public Message deleted(Instant when) {
        return new Message(conversation, offset, id, role, sender, "", at, run,
                agent.answers().map(AgentParts::result).orElse(AgentParts.NONE), null,
                new Revision(revision.editedAt(), when, null));
    }

    /** The uploaded file this message carries, if any. */
    public Optional<AttachmentRef> attached() {
        return Optional.ofNullable(attachment);
    }
}

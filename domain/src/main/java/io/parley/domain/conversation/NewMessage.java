package io.parley.domain.conversation;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.parley.domain.connection.UserId;
import io.parley.domain.run.RunId;

/**
 * A message accepted for storing, before the store gives it its offset.
 *
 * @param run   the assistant run that produced it, or {@code null}
 * @param agent      its tool calls, the call it answers, its reasoning ({@link AgentParts#NONE} for plain text)
 * @param attachment the uploaded file it carries, or {@code null}
 */
public record NewMessage(ConversationId conversation, MessageId id, MessageRole role, UserId sender, String content,
                         Instant at, RunId run, AgentParts agent, AttachmentRef attachment) {
    public NewMessage {
        if (conversation == null || id == null || role == null || sender == null || at == null) {
            throw new IllegalArgumentException("a message needs a conversation, id, role, sender and time");
        }
        agent = agent == null ? AgentParts.NONE : agent;
        boolean mayBeEmpty = !agent.toolCalls().isEmpty() || role == MessageRole.TOOL;
        if (!(mayBeEmpty && "".equals(content)) && !isValidContent(content)) {
            throw new IllegalArgumentException("message content must be non-empty text without NUL characters");
        }
        if (role == MessageRole.TOOL && agent.toolCallId() == null) {
            throw new IllegalArgumentException("a tool message answers a tool call: it needs its id");
        }
    }

    /** A message without an attachment. */
    public NewMessage(ConversationId conversation, MessageId id, MessageRole role, UserId sender, String content,
                      Instant at, RunId run, AgentParts agent) {
        this(conversation, id, role, sender, content, at, run, agent, null);
    }

    /** A message of plain text. */
    public NewMessage(ConversationId conversation, MessageId id, MessageRole role, UserId sender, String content,
                      Instant at, RunId run) {
        this(conversation, id, role, sender, content, at, run, AgentParts.NONE, null);
    }

    /** The longest text a message may have, in characters (the store's column holds this much). */
    public static final int MAX_CONTENT_LENGTH = 1_000_000;

    /**
     * Whether {@code content} can be a message's text: not empty, at most {@link #MAX_CONTENT_LENGTH} characters,
     * and no NUL character (PostgreSQL cannot hold one).
     */
    public static boolean isValidContent(String content) {
        return content != null && !content.isEmpty() && content.length() <= MAX_CONTENT_LENGTH
                && content.indexOf('\u0000') < 0;
    }

    /** The current time at the precision stores keep (milliseconds), so a message reads back as it was sent. */
    public static Instant timestamp(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The stored message this becomes at {@code offset}. */
    public Message at(long offset) {
        return new Message(conversation, offset, id, role, sender, content, at, run, agent, attachment);
    }
}

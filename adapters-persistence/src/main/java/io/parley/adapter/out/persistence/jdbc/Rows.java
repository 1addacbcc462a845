package io.parley.adapter.out.persistence.jdbc;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;

import io.helidon.dbclient.DbRow;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.AgentParts;
import io.parley.domain.conversation.AttachmentId;
import io.parley.domain.conversation.AttachmentRef;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.Revision;
import io.parley.domain.conversation.Role;
import io.parley.domain.run.RunId;

/**
 * Maps between table rows and domain values; the column list of {@link #MESSAGE_COLUMNS} is what it reads and
 * writes. A message's agent parts are null columns when absent: no tool calls, no call answered, no reasoning; so
 * are the five of its attachment.
 */
final class Rows {
    static final String MESSAGE_COLUMNS = "conversation_id, msg_offset, message_id, role, sender, content, sent_at,"
            + " run_id, tool_calls, tool_call_id, reasoning, attachment_id, attachment_name, attachment_mime,"
            + " attachment_size, attachment_sha256, change_kind, change_target, edited_at, deleted_at";

    private Rows() {
    }

    static Message message(DbRow row) {
        return new Message(new ConversationId(string(row, "conversation_id")), number(row, "msg_offset"),
                new MessageId(string(row, "message_id")), messageRole(string(row, "role")),
                new UserId(string(row, "sender")), string(row, "content"), instant(row, "sent_at"),
                runId(string(row, "run_id")), new AgentParts(ToolCallsColumn.read(string(row, "tool_calls")),
                string(row, "tool_call_id"), string(row, "reasoning")), attachment(row), revision(row));
    }

    private static Revision revision(DbRow row) {
        String kind = string(row, "change_kind");
        Revision.Change change = kind == null ? null : new Revision.Change(
                kind.equals("edited") ? Revision.ChangeKind.EDITED : Revision.ChangeKind.DELETED,
                new MessageId(string(row, "change_target")));
        Instant edited = isSet(row, "edited_at") ? instant(row, "edited_at") : null;
        Instant deleted = isSet(row, "deleted_at") ? instant(row, "deleted_at") : null;
        return edited == null && deleted == null && change == null ? Revision.NONE
                : new Revision(edited, deleted, change);
    }

    /** The stored name of a change: {@code edited} or {@code deleted}. */
    static String changeKind(Revision.ChangeKind kind) {
        return kind == Revision.ChangeKind.EDITED ? "edited" : "deleted";
    }

    private static AttachmentRef attachment(DbRow row) {
        String id = string(row, "attachment_id");
        return id == null ? null : new AttachmentRef(new AttachmentId(id), string(row, "attachment_name"),
                string(row, "attachment_mime"), number(row, "attachment_size"), string(row, "attachment_sha256"));
    }

    /** The values of {@link #MESSAGE_COLUMNS} for {@code message}, in that order. */
    static List<Object> values(Message message) {
        AgentParts agent = message.agent();
        AttachmentRef attachment = message.attachment();
        return Arrays.asList(message.conversation().value(), message.offset(), message.id().value(),
                message.role().wireName(), message.sender().value(), message.content(), timestamp(message.at()),
                message.runId().map(RunId::value).orElse(null), ToolCallsColumn.write(agent.toolCalls()),
                agent.toolCallId(), agent.reasoning().isEmpty() ? null : agent.reasoning(),
                attachment == null ? null : attachment.id().value(), attachment == null ? null : attachment.name(),
                attachment == null ? null : attachment.mime(), attachment == null ? null : attachment.size(),
                attachment == null ? null : attachment.sha256(),
                message.revision().changed().map(c -> changeKind(c.kind())).orElse(null),
                message.revision().changed().map(c -> c.target().value()).orElse(null),
                message.revision().editedAt() == null ? null : timestamp(message.revision().editedAt()),
                message.revision().deletedAt() == null ? null : timestamp(message.revision().deletedAt()));
    }

    private static RunId runId(String stored) {
        return stored == null ? null : new RunId(stored);
    }

    static String string(DbRow row, String column) {
        return row.column(column).get(String.class);
    }

    /** Whether the nullable {@code column} holds a value. */
    static boolean isSet(DbRow row, String column) {
        return row.column(column).isPresent();
    }

    static long number(DbRow row, String column) {
        return ((Number) row.column(column).get()).longValue();
    }

    /** Drivers hand out {@code timestamptz} differently: PostgreSQL as a {@link Timestamp}, H2 as an offset time. */
    static Instant instant(DbRow row, String column) {
        Object value = row.column(column).get();
        return switch (value) {
            case OffsetDateTime odt -> odt.toInstant();
            case Timestamp ts -> ts.toInstant();
            case Instant instant -> instant;
            case ZonedDateTime zdt -> zdt.toInstant();
            default -> throw new IllegalStateException("column " + column + " holds no time: " + value.getClass());
        };
    }

    /** The value to bind for a {@code TIMESTAMP WITH TIME ZONE} parameter. */
    static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static Role role(String wireName) {
        return Role.fromWireName(wireName)
                .orElseThrow(() -> new IllegalStateException("unknown member role in the store: " + wireName));
    }

    static MessageRole messageRole(String wireName) {
        return MessageRole.fromWireName(wireName)
                .orElseThrow(() -> new IllegalStateException("unknown message role in the store: " + wireName));
    }
}

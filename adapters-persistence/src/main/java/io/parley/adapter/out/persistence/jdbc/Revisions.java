package io.parley.adapter.out.persistence.jdbc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;

import io.parley.application.port.out.ConversationStorePort.Amended;
import io.parley.application.port.out.ConversationStorePort.Amendment;
import io.parley.application.port.out.ConversationStorePort.Erasure;
import io.parley.application.port.out.ConversationStorePort.Promotion;
import io.parley.application.port.out.ConversationStorePort.ReadState;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.AgentParts;
import io.parley.domain.conversation.AttachmentId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.Revision;
import io.parley.domain.conversation.Role;

/**
 * Edits, deletes, read markers and erasing a user. An edit or a delete is one transaction under the conversation's
 * row lock (which appends take too, so that offsets stay gapless): the message updated to what it now is, and the
 * entry that records the change inserted at the next offset. Erasing a user goes conversation by conversation, each
 * in a transaction of its own, in id order: a failure part way leaves what was done done, and erasing again goes on.
 */
final class Revisions {
    private static final String LOCK = "SELECT last_offset, deleted_at FROM conversations WHERE id = :id FOR UPDATE";
    private static final String TARGET = "SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages"
            + " WHERE conversation_id = :id AND message_id = :message";
    private static final String EDIT = "UPDATE messages SET content = :content, edited_at = :at"
            + " WHERE conversation_id = :id AND msg_offset = :offset";
    private static final String DELETE = "UPDATE messages SET content = '', tool_calls = NULL, reasoning = NULL,"
            + " attachment_id = NULL, attachment_name = NULL, attachment_mime = NULL, attachment_size = NULL,"
            + " attachment_sha256 = NULL, deleted_at = :at WHERE conversation_id = :id AND msg_offset = :offset";
    private static final String RAISE = "UPDATE conversations SET last_offset = :offset WHERE id = :id";
    private static final String MARK = "UPDATE members SET read_offset = :offset WHERE conversation_id = :id"
            + " AND user_id = :user AND read_offset < :offset";
    private static final String MARKER = "SELECT m.read_offset, c.last_offset FROM members m JOIN conversations c"
            + " ON c.id = m.conversation_id WHERE m.conversation_id = :id AND m.user_id = :user";
    private static final String THEIRS = "SELECT DISTINCT conversation_id FROM messages WHERE sender = :user"
            + " AND change_kind IS NULL AND deleted_at IS NULL";
    private static final String JOINED = "SELECT conversation_id FROM members WHERE user_id = :user";
    private static final String SENT = "SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages WHERE conversation_id = :id"
            + " AND sender = :user AND change_kind IS NULL AND deleted_at IS NULL ORDER BY msg_offset";
    private static final String OTHERS = "SELECT user_id, role FROM members WHERE conversation_id = :id"
            + " ORDER BY joined_at, user_id";
    private static final String PROMOTE = "UPDATE members SET role = 'owner' WHERE conversation_id = :id"
            + " AND user_id = :user";

    private final Database database;

    Revisions(Database database) {
        this.database = database;
    }

    Amended amend(Amendment change) {
        return database.inTransaction("amend", tx -> {
            Optional<Long> last = lock(tx, change.conversation());
            if (last.isEmpty()) {
                return new Amended.NoSuchConversation();
            }
            Optional<Message> target = tx.createNamedGet("amend-target", TARGET)
                    .addParam("id", change.conversation().value()).addParam("message", change.target().value())
                    .execute().map(Rows::message).filter(Message::isShown);
            if (target.isEmpty()) {
                return new Amended.NoSuchMessage();
            }
            if (!change.anyone() && !target.get().sender().equals(change.by())) {
                return new Amended.NotYours(target.get().sender());
            }
            Message entry = apply(tx, target.get(), change.entry(), change.by(), change.content(), change.at(),
                    last.get() + 1);
            raise(tx, change.conversation(), entry.offset());
            return new Amended.Done(entry, target.get());
        });
    }

    /** Changes {@code target} as it now is and inserts the entry that records it, at {@code offset}. */
    private static Message apply(DbTransaction tx, Message target, MessageId entryId, UserId by,
                                 Optional<String> content, Instant at, long offset) {
        String id = target.conversation().value();
        if (content.isPresent()) {
            tx.createNamedUpdate("amend-edit", EDIT).addParam("content", content.get())
                    .addParam("at", Rows.timestamp(at)).addParam("id", id).addParam("offset", target.offset())
                    .execute();
        } else {
            tx.createNamedUpdate("amend-delete", DELETE).addParam("at", Rows.timestamp(at)).addParam("id", id)
                    .addParam("offset", target.offset()).execute();
        }
        Message entry = new Message(target.conversation(), offset, entryId, target.role(), by, content.orElse(""),
                at, null, AgentParts.NONE, null, Revision.of(content.isPresent() ? Revision.ChangeKind.EDITED
                : Revision.ChangeKind.DELETED, target.id()));
        AppendTransaction.insert(tx, List.of(entry));
        return entry;
    }

    Optional<Long> markRead(ConversationId conversation, UserId user, long offset) {
        return database.inTransaction("mark read", tx -> {
            Optional<DbRow> row = tx.createNamedGet("read-marker", MARKER).addParam("id", conversation.value())
                    .addParam("user", user.value()).execute();
            if (row.isEmpty()) {
                return Optional.<Long>empty();
            }
            long target = Math.min(offset, Rows.number(row.get(), "last_offset"));
            tx.createNamedUpdate("read-mark", MARK).addParam("offset", target).addParam("id", conversation.value())
                    .addParam("user", user.value()).execute();
            return Optional.of(Math.max(target, Rows.number(row.get(), "read_offset")));
        });
    }

    /** The markers and unread counts of the user's memberships among {@code conversations}, in one query. */
    List<ReadState> readStates(UserId user, Collection<ConversationId> conversations) {
        if (conversations.isEmpty()) {
            return List.of();
        }
        List<String> ids = conversations.stream().map(ConversationId::value).distinct().toList();
        String sql = "SELECT m.conversation_id, m.read_offset, (SELECT COUNT(*) FROM messages x"
                + " WHERE x.conversation_id = m.conversation_id AND x.msg_offset > m.read_offset AND x.sender <> ?"
                + " AND x.change_kind IS NULL AND x.deleted_at IS NULL) AS unread FROM members m"
                + " WHERE m.user_id = ? AND m.conversation_id IN (" + String.join(", ", Collections.nCopies(ids.size(),
                "?")) + ")";
        List<Object> params = new ArrayList<>(List.of(user.value(), user.value()));
        params.addAll(ids);
        return database.autoCommit("read states", db -> {
            try (Stream<DbRow> rows = db.createNamedQuery("read-states-" + ids.size(), sql).params(params)
                    .execute()) {
                return rows.map(row -> new ReadState(new ConversationId(Rows.string(row, "conversation_id")),
                        Rows.number(row, "read_offset"), Rows.number(row, "unread"))).toList();
            }
        });
    }

    Erasure erase(UserId user, Instant at) {
        TreeSet<String> conversations = new TreeSet<>();
        database.autoCommit("erase: where", db -> {
            try (Stream<DbRow> theirs = db.createNamedQuery("erase-theirs", THEIRS).addParam("user", user.value())
                    .execute();
                 Stream<DbRow> joined = db.createNamedQuery("erase-joined", JOINED).addParam("user", user.value())
                         .execute()) {
                Stream.concat(theirs, joined).forEach(row -> conversations.add(Rows.string(row, "conversation_id")));
            }
            return null;
        });
        List<Message> deletions = new ArrayList<>();
        int[] erased = new int[1];
        List<AttachmentId> attachments = new ArrayList<>();
        List<ConversationId> left = new ArrayList<>();
        List<ConversationId> deleted = new ArrayList<>();
        List<Promotion> promoted = new ArrayList<>();
        for (String id : conversations) {
            ConversationId conversation = new ConversationId(id);
            database.inTransaction("erase", tx -> {
                Optional<Long> last = lock(tx, conversation);
                if (last.isEmpty()) {
                    return null;
                }
                List<Message> sent;
                try (Stream<DbRow> rows = tx.createNamedQuery("erase-sent", SENT).addParam("id", id)
                        .addParam("user", user.value()).execute()) {
                    sent = rows.map(Rows::message).toList();
                }
                List<Message> entries = new ArrayList<>();
                long offset = last.get();
                erased[0] += sent.size();
                for (Message message : sent) {
                    message.attached().ifPresent(a -> attachments.add(a.id()));
                    entries.add(apply(tx, message, new MessageId("deleted-" + UUID.randomUUID()), user,
                            Optional.empty(), at, ++offset));
                }
                if (offset > last.get()) {
                    raise(tx, conversation, offset);
                }
                Optional<Role> had = Memberships.removeMember(tx, conversation, user);
                had.ifPresent(role -> left.add(conversation));
                List<Row> others;
                try (Stream<DbRow> rows = tx.createNamedQuery("erase-others", OTHERS).addParam("id", id).execute()) {
                    others = rows.map(row -> new Row(new UserId(Rows.string(row, "user_id")),
                            Rows.role(Rows.string(row, "role")))).toList();
                }
                if (others.isEmpty() && had.isPresent()) {
                    Deletions.delete(tx, conversation);
                    deleted.add(conversation);
                    return null;
                }
                if (had.filter(role -> role == Role.OWNER).isPresent()
                        && others.stream().noneMatch(o -> o.role() == Role.OWNER)) {
                    Row heir = others.stream().filter(o -> o.role() == Role.MEMBER).findFirst()
                            .orElse(others.getFirst());
                    tx.createNamedUpdate("erase-promote", PROMOTE).addParam("id", id)
                            .addParam("user", heir.user().value()).execute();
                    MembershipLog.record(tx, conversation, heir.user(), "role", Role.OWNER);
                    promoted.add(new Promotion(conversation, heir.user()));
                }
                deletions.addAll(entries);
                return null;
            });
        }
        return new Erasure(erased[0], deletions, attachments, left, deleted, promoted);
    }

    private static Optional<Long> lock(DbTransaction tx, ConversationId conversation) {
        return tx.createNamedGet("amend-lock", LOCK).addParam("id", conversation.value()).execute()
                .filter(row -> !Rows.isSet(row, "deleted_at")).map(row -> Rows.number(row, "last_offset"));
    }

    private static void raise(DbTransaction tx, ConversationId conversation, long offset) {
        tx.createNamedUpdate("amend-raise", RAISE).addParam("offset", offset).addParam("id", conversation.value())
                .execute();
    }

    private record Row(UserId user, Role role) {
    }
}

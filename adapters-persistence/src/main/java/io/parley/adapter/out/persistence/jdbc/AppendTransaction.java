package io.parley.adapter.out.persistence.jdbc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.NewMessage;

/**
 * Stores a batch of messages, of one or several conversations, in one transaction: locks the conversations' rows
 * (in the database's order of ids, so that instances sharing the database cannot deadlock; a deleted conversation
 * counts as missing), skips ids a conversation already holds, gives the rest the next offsets in batch order, and
 * raises each conversation's highest offset. The row locks are what keep offsets gapless across threads and across
 * instances.
 */
final class AppendTransaction {
    private static final String INSERT = "INSERT INTO messages (" + Rows.MESSAGE_COLUMNS + ") VALUES ";
    private static final String ROW = "(" + marks(Rows.MESSAGE_COLUMNS.split(",").length) + ")";

    private final Database database;
    private final RowLock rowLock;

    AppendTransaction(Database database, RowLock rowLock) {
        this.database = database;
        this.rowLock = rowLock;
    }

    /** The outcome of each draft, in the order given. */
    List<Appended> store(List<NewMessage> drafts) {
        return database.inTransaction("append", tx -> store(tx, drafts, rowLock));
    }

    /** Stores {@code drafts} within {@code tx}, which the caller commits or rolls back. */
    static List<Appended> store(DbTransaction tx, List<NewMessage> drafts, RowLock rowLock) {
        List<String> conversations = drafts.stream().map(d -> d.conversation().value()).distinct().toList();
        Map<String, Long> last = lock(tx, conversations, rowLock);
        Map<Key, Message> known = alreadyStored(tx, drafts);
        List<Appended> outcomes = new ArrayList<>(drafts.size());
        List<Message> fresh = new ArrayList<>(drafts.size());
        for (NewMessage draft : drafts) {
            String conversation = draft.conversation().value();
            Key key = new Key(conversation, draft.id().value());
            if (!last.containsKey(conversation)) {
                outcomes.add(new Appended.NoSuchConversation());
            } else if (known.containsKey(key)) {
                outcomes.add(new Appended.AlreadyStored(known.get(key)));
            } else {
                Message stored = draft.at(last.merge(conversation, 1L, Long::sum));
                known.put(key, stored);
                fresh.add(stored);
                outcomes.add(new Appended.Stored(stored));
            }
        }
        if (!fresh.isEmpty()) {
            insert(tx, fresh);
            raise(tx, fresh.stream().map(m -> m.conversation().value()).distinct().toList(), last);
        }
        return outcomes;
    }

    /**
     * Locks the conversations' rows, in id order; the highest offsets of those that exist, by id. A deleted
     * conversation's row (kept for its last offset) is locked too, and counts as missing: the lock is what orders
     * appends and a delete, and the flag is read after taking it.
     */
    private static Map<String, Long> lock(DbTransaction tx, List<String> conversations, RowLock rowLock) {
        String in = "id IN (" + marks(conversations.size()) + ")";
        String read = "SELECT id, last_offset, deleted_at FROM conversations WHERE " + in + " ORDER BY id";
        if (rowLock == RowLock.UPDATE_IN_PLACE) {
            tx.createNamedUpdate("append-lock-" + conversations.size(),
                    "UPDATE conversations SET last_offset = last_offset WHERE " + in).params(conversations).execute();
        } else {
            read += " FOR UPDATE";
        }
        try (Stream<DbRow> rows = tx.createNamedQuery("append-read-" + conversations.size(), read)
                .params(conversations).execute()) {
            Map<String, Long> last = new HashMap<>();
            rows.filter(row -> !Rows.isSet(row, "deleted_at"))
                    .forEach(row -> last.put(Rows.string(row, "id"), Rows.number(row, "last_offset")));
            return last;
        }
    }

    private static Map<Key, Message> alreadyStored(DbTransaction tx, List<NewMessage> drafts) {
        List<String> ids = drafts.stream().map(d -> d.id().value()).distinct().toList();
        List<String> conversations = drafts.stream().map(d -> d.conversation().value()).distinct().toList();
        String sql = "SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages WHERE message_id IN (" + marks(ids.size())
                + ") AND conversation_id IN (" + marks(conversations.size()) + ")";
        List<Object> params = new ArrayList<>(ids);
        params.addAll(conversations);
        Map<Key, Message> known = new HashMap<>();
        try (Stream<DbRow> rows = tx.createNamedQuery("append-known-" + ids.size() + "-" + conversations.size(), sql)
                .params(params).execute()) {
            rows.map(Rows::message).forEach(m -> known.put(new Key(m.conversation().value(), m.id().value()), m));
        }
        return known;
    }

    /** Inserts {@code messages} (with their offsets) in one statement. */
    static void insert(DbTransaction tx, List<Message> messages) {
        List<Object> params = new ArrayList<>();
        messages.forEach(m -> params.addAll(Rows.values(m)));
        String sql = INSERT + String.join(", ", Collections.nCopies(messages.size(), ROW));
        tx.createNamedInsert("append-insert-" + messages.size(), sql).params(params).execute();
    }

    /** Sets each conversation's highest offset, all in one statement. */
    private static void raise(DbTransaction tx, List<String> conversations, Map<String, Long> last) {
        StringBuilder sql = new StringBuilder("UPDATE conversations SET last_offset = CASE id");
        List<Object> params = new ArrayList<>(conversations.size() * 3);
        for (String conversation : conversations) {
            sql.append(" WHEN ? THEN ?");
            params.add(conversation);
            params.add(last.get(conversation));
        }
        sql.append(" END WHERE id IN (").append(marks(conversations.size())).append(')');
        params.addAll(conversations);
        tx.createNamedUpdate("append-raise-" + conversations.size(), sql.toString()).params(params).execute();
    }

    private static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    /**
     * How an append takes its conversations' row locks. PostgreSQL: {@code SELECT ... FOR UPDATE}, which locks
     * without writing a row version. H2: an update that leaves the row as it is, then a plain read: H2 parses a
     * {@code FOR UPDATE} query again at every execution (it keeps no such query in its cache), which cost more
     * than a third of the CPU of a one-message commit; the update's change is on the page the append's raise writes
     * anyway. Both hold the lock to the commit.
     */
    enum RowLock {
        SELECT_FOR_UPDATE, UPDATE_IN_PLACE;

        static RowLock of(JdbcStoreSettings settings) {
            return settings.isH2() ? UPDATE_IN_PLACE : SELECT_FOR_UPDATE;
        }
    }

    /** A message id within its conversation. */
    private record Key(String conversation, String id) {
    }
}

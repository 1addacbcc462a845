package io.parley.adapter.out.persistence.jdbc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.NewMessage;

/**
 * Stores a batch of one conversation's messages in one transaction: locks the conversation row, skips ids it
 * already holds, gives the rest the next offsets in order, and raises the conversation's highest offset. The row
 * lock is what keeps offsets gapless across threads and across service instances sharing the database.
 */
final class AppendTransaction {
    private static final String LOCK = "SELECT last_offset FROM conversations WHERE id = ? FOR UPDATE";
    private static final String RAISE = "UPDATE conversations SET last_offset = ? WHERE id = ?";
    private static final String INSERT = "INSERT INTO messages (" + Rows.MESSAGE_COLUMNS + ") VALUES ";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?)";

    private final Database database;

    AppendTransaction(Database database) {
        this.database = database;
    }

    /** The outcome of each draft, in the order given; all drafts belong to {@code conversation}. */
    List<Appended> store(ConversationId conversation, List<NewMessage> drafts) {
        return database.inTransaction("append", tx -> {
            Optional<DbRow> locked = tx.createNamedGet("append-lock", LOCK).params(conversation.value()).execute();
            if (locked.isEmpty()) {
                return drafts.stream().<Appended>map(d -> new Appended.NoSuchConversation()).toList();
            }
            long last = Rows.number(locked.get(), "last_offset");
            Map<MessageId, Message> known = alreadyStored(tx, conversation, drafts);
            List<Appended> outcomes = new ArrayList<>(drafts.size());
            List<Message> fresh = new ArrayList<>(drafts.size());
            for (NewMessage draft : drafts) {
                Message earlier = known.get(draft.id());
                if (earlier != null) {
                    outcomes.add(new Appended.AlreadyStored(earlier));
                } else {
                    Message stored = draft.at(++last);
                    known.put(stored.id(), stored);
                    fresh.add(stored);
                    outcomes.add(new Appended.Stored(stored));
                }
            }
            if (!fresh.isEmpty()) {
                insert(tx, fresh);
                tx.createNamedUpdate("append-raise", RAISE).params(last, conversation.value()).execute();
            }
            return outcomes;
        });
    }

    private static Map<MessageId, Message> alreadyStored(DbTransaction tx, ConversationId conversation,
                                                         List<NewMessage> drafts) {
        List<String> ids = drafts.stream().map(d -> d.id().value()).distinct().toList();
        String sql = "SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages WHERE conversation_id = ? AND message_id IN ("
                + String.join(", ", java.util.Collections.nCopies(ids.size(), "?")) + ")";
        List<Object> params = new ArrayList<>(ids.size() + 1);
        params.add(conversation.value());
        params.addAll(ids);
        try (Stream<DbRow> rows = tx.createNamedQuery("append-known-" + ids.size(), sql).params(params).execute()) {
            return rows.map(Rows::message).collect(Collectors.toMap(Message::id, m -> m, (a, b) -> a, HashMap::new));
        }
    }

    private static void insert(DbTransaction tx, List<Message> messages) {
        String sql = INSERT + String.join(", ", java.util.Collections.nCopies(messages.size(), ROW));
        List<Object> params = new ArrayList<>(messages.size() * 8);
        for (Message m : messages) {
            params.add(m.conversation().value());
            params.add(m.offset());
            params.add(m.id().value());
            params.add(m.role().wireName());
            params.add(m.sender().value());
            params.add(m.content());
            params.add(Rows.timestamp(m.at()));
            params.add(m.run());
        }
        tx.createNamedInsert("append-insert-" + messages.size(), sql).params(params).execute();
    }
}

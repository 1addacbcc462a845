package io.parley.adapter.out.persistence.jdbc;

import java.util.Optional;

import io.helidon.dbclient.DbTransaction;

import io.parley.domain.conversation.ConversationId;

/**
 * Deletes a conversation in one transaction, under its row lock, which appends, enrolments and role changes take
 * too: erases its messages (in chunks of {@value Retention#CHUNK}, so that no statement runs into the statement
 * timeout) and its members, and marks the row deleted ({@code deleted_at}), keeping {@code last_offset}. An append
 * that waited for the lock finds the conversation deleted; one that locked it first is erased with it.
 */
final class Deletions {
    private static final String LOCK = "SELECT last_offset, deleted_at FROM conversations WHERE id = :id FOR UPDATE";
    private static final String MEMBERS = "DELETE FROM members WHERE conversation_id = :id";
    private static final String MARK = "UPDATE conversations SET deleted_at = CURRENT_TIMESTAMP WHERE id = :id";

    private final Database database;

    Deletions(Database database) {
        this.database = database;
    }

    boolean delete(ConversationId conversation) {
        return database.inTransaction("delete", tx -> delete(tx, conversation));
    }

    /** Deletes within {@code tx}, which the caller commits or rolls back; false when there is nothing to delete. */
    static boolean delete(DbTransaction tx, ConversationId conversation) {
        Optional<Long> last = tx.createNamedGet("delete-lock", LOCK).addParam("id", conversation.value()).execute()
                .filter(row -> !Rows.isSet(row, "deleted_at"))
                .map(row -> Rows.number(row, "last_offset"));
        if (last.isEmpty()) {
            return false;
        }
        Retention.Trim everything = new Retention.Trim(conversation.value(), last.get());
        while (Retention.trim(tx, everything) >= Retention.CHUNK) {
            // the next chunk
        }
        tx.createNamedDelete("delete-members", MEMBERS).addParam("id", conversation.value()).execute();
        tx.createNamedUpdate("delete-mark", MARK).addParam("id", conversation.value()).execute();
        return true;
    }
}

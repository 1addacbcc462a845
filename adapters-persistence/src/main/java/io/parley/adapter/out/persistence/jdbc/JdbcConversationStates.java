package io.parley.adapter.out.persistence.jdbc;

import io.helidon.dbclient.DbExecute;

import io.parley.application.port.out.ConversationStatePort;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.ConversationState;

/**
 * Conversations' shared states in the table {@code conversation_states}, shared by every node on the database. A
 * change is a compare and set on the version: the first one an {@code INSERT ... ON CONFLICT DO NOTHING} (of racing
 * inserts the database lets one win), each later one an {@code UPDATE} of the row still at the version before.
 */
final class JdbcConversationStates implements ConversationStatePort {
    private static final String READ = "SELECT version, state FROM conversation_states WHERE conversation_id = :id";
    private static final String INSERT = "INSERT INTO conversation_states (conversation_id, version, state)"
            + " VALUES (:id, :version, :state) ON CONFLICT DO NOTHING";
    private static final String UPDATE = "UPDATE conversation_states SET version = :version, state = :state"
            + " WHERE conversation_id = :id AND version = :before";
    private static final String DELETE = "DELETE FROM conversation_states WHERE conversation_id = :id";

    private final Database database;

    JdbcConversationStates(Database database) {
        this.database = database;
    }

    @Override
    public ConversationState state(ConversationId conversation) {
        return database.autoCommit("read state", db -> read(db, conversation));
    }

    @Override
    public boolean replace(ConversationState next) {
        return database.autoCommit("write state", db -> write(db, next));
    }

    @Override
    public void forget(ConversationId conversation) {
        database.autoCommit("forget state", db -> forget(db, conversation));
    }

    static ConversationState read(DbExecute db, ConversationId conversation) {
        return db.createNamedGet("state-read", READ).addParam("id", conversation.value()).execute()
                .map(row -> new ConversationState(conversation, row.column("version").getLong(),
                        row.column("state").getString()))
                .orElseGet(() -> ConversationState.none(conversation));
    }

    /** The compare and set: an insert for version 1, else an update of the row at the version before. */
    static boolean write(DbExecute db, ConversationState next) {
        long changed = next.version() == 1
                ? db.createNamedInsert("state-insert", INSERT).addParam("id", next.conversation().value())
                        .addParam("version", next.version()).addParam("state", next.json()).execute()
                : db.createNamedUpdate("state-update", UPDATE).addParam("id", next.conversation().value())
                        .addParam("version", next.version()).addParam("state", next.json())
                        .addParam("before", next.version() - 1).execute();
        return changed == 1;
    }

    static long forget(DbExecute db, ConversationId conversation) {
        return db.createNamedDelete("state-delete", DELETE).addParam("id", conversation.value()).execute();
    }
}

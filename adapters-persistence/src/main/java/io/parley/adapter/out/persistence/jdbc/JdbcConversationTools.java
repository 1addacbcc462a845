package io.parley.adapter.out.persistence.jdbc;

import java.util.List;

import io.helidon.dbclient.DbExecute;

import io.parley.application.port.out.ConversationToolsPort;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Tool;

/**
 * Conversations' tools in the table {@code conversation_tools}: setting them writes the row whole (delete, then
 * insert, in one transaction); none removes it.
 */
final class JdbcConversationTools implements ConversationToolsPort {
    private static final String READ = "SELECT tools FROM conversation_tools WHERE conversation_id = :id";
    private static final String DELETE = "DELETE FROM conversation_tools WHERE conversation_id = :id";
    private static final String INSERT = "INSERT INTO conversation_tools (conversation_id, tools) VALUES (:id, :tools)";

    private final Database database;

    JdbcConversationTools(Database database) {
        this.database = database;
    }

    @Override
    public List<Tool> tools(ConversationId conversation) {
        return database.autoCommit("read tools", db -> read(db, conversation));
    }

    @Override
    public void replace(ConversationId conversation, List<Tool> tools) {
        database.inTransaction("set tools", tx -> write(tx, conversation, tools));
    }

    static List<Tool> read(DbExecute db, ConversationId conversation) {
        return db.createNamedGet("tools-read", READ).addParam("id", conversation.value()).execute()
                .map(row -> ToolCallsColumn.readTools(row.column("tools").getString())).orElse(List.of());
    }

    static long write(DbExecute db, ConversationId conversation, List<Tool> tools) {
        db.createNamedDelete("tools-delete", DELETE).addParam("id", conversation.value()).execute();
        return tools.isEmpty() ? 0 : db.createNamedInsert("tools-insert", INSERT).addParam("id", conversation.value())
                .addParam("tools", ToolCallsColumn.writeTools(tools)).execute();
    }
}

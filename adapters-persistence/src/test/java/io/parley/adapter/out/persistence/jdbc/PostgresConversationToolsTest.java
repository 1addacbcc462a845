package io.parley.adapter.out.persistence.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.parley.application.port.out.ConversationToolsPort;
import io.parley.application.port.out.ConversationToolsPortContract;

/** The tools contract on PostgreSQL ({@code PARLEY_TEST_PG_URL}). */
class PostgresConversationToolsTest extends ConversationToolsPortContract {
    private static JdbcStorage storage;

    @BeforeAll
    static void open() {
        storage = JdbcStores.open(TestDatabases.postgres());
    }

    @AfterAll
    static void close() {
        if (storage != null) {
            storage.close();
        }
    }

    @Override
    protected ConversationToolsPort tools() {
        return storage.tools();
    }
}

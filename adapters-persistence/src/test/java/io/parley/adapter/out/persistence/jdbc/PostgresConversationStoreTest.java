package io.parley.adapter.out.persistence.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.parley.application.port.out.ConversationStoreContract;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.RevisionContract;

/**
 * The store contract on PostgreSQL ({@code PARLEY_TEST_PG_URL}), through the fault-tolerant decorator. Every test
 * makes up its own conversation ids, so rows left by earlier runs do not matter.
 */
class PostgresConversationStoreTest extends ConversationStoreContract implements RevisionContract {
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
    protected ConversationStorePort newStore() {
        return storage.conversations();
    }
}

package io.parley.adapter.out.persistence.jdbc;

import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.parley.application.port.out.ConversationStoreContract;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.RevisionContract;

/**
 * The store contract on an in-memory H2 database, which exists only while a connection to it is open: the schema
 * must be migrated into the database the pool then uses, not into one that vanished with Flyway's connection.
 */
class H2InMemoryConversationStoreTest extends ConversationStoreContract implements RevisionContract {
    private static JdbcStorage storage;

    @BeforeAll
    static void open() {
        storage = JdbcStores.open(JdbcStoreSettings.of("jdbc:h2:mem:contract-" + UUID.randomUUID()
                + TestDatabases.H2_OPTIONS, "sa", ""));
    }

    @AfterAll
    static void close() {
        storage.close();
    }

    @Override
    protected ConversationStorePort newStore() {
        return storage.conversations();
    }
}

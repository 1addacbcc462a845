package io.parley.adapter.out.persistence.jdbc;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import io.parley.application.port.out.ConversationStoreContract;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.RevisionContract;

/** The store contract on an H2 file database (PostgreSQL mode), through the fault-tolerant decorator. */
class H2ConversationStoreTest extends ConversationStoreContract implements RevisionContract {
    @TempDir
    static Path directory;
    private static JdbcStorage storage;

    @BeforeAll
    static void open() {
        storage = JdbcStores.open(TestDatabases.h2File(directory));
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

package io.parley.adapter.out.persistence.jdbc;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import io.parley.application.port.out.ConversationToolsPort;
import io.parley.application.port.out.ConversationToolsPortContract;

/** The tools contract on an H2 file database. */
class H2ConversationToolsTest extends ConversationToolsPortContract {
    @TempDir
    static Path directory;
    private static JdbcStorage storage;

    @BeforeAll
    static void open() {
        storage = JdbcStores.open(TestDatabases.h2File(directory));
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

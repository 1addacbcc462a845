package io.parley.adapter.out.persistence.jdbc;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import io.parley.application.port.out.ConversationToolsPort;
import io.parley.application.port.out.ConversationToolsPortContract;

/** The tools contract on an H2 file database, from two stores opened on it in this process. */
class H2ConversationToolsTest extends ConversationToolsPortContract {
    @TempDir
    static Path directory;
    private static StoragePair nodes;

    @BeforeAll
    static void open() {
        nodes = StoragePair.h2(directory);
    }

    @AfterAll
    static void close() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Override
    protected ConversationToolsPort tools() {
        return nodes.first().tools();
    }
}

package io.parley.adapter.out.persistence.jdbc;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import io.parley.application.port.out.ConversationStatePort;
import io.parley.application.port.out.ConversationStatePortContract;

/** The state contract on an H2 file database, from two stores opened on it in this process. */
class H2ConversationStatesTest extends ConversationStatePortContract {
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
    protected ConversationStatePort states() {
        return nodes.first().states();
    }

    @Override
    protected ConversationStatePort otherNode() {
        return nodes.second().states();
    }
}

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
    private static JdbcStorage first;
    private static JdbcStorage second;

    @BeforeAll
    static void open() {
        first = JdbcStores.open(TestDatabases.h2File(directory));
        second = JdbcStores.open(TestDatabases.h2File(directory));
    }

    @AfterAll
    static void close() {
        second.close();
        first.close();
    }

    @Override
    protected ConversationStatePort states() {
        return first.states();
    }

    @Override
    protected ConversationStatePort otherNode() {
        return second.states();
    }
}

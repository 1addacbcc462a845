package io.parley.adapter.out.persistence.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.parley.application.port.out.ConversationToolsPort;
import io.parley.application.port.out.ConversationToolsPortContract;

/** The tools contract on PostgreSQL ({@code PARLEY_TEST_PG_URL}), from two stores with pools of their own. */
class PostgresConversationToolsTest extends ConversationToolsPortContract {
    private static StoragePair nodes;

    @BeforeAll
    static void open() {
        nodes = StoragePair.postgres();
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

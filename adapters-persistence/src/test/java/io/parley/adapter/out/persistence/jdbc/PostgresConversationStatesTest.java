package io.parley.adapter.out.persistence.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.parley.application.port.out.ConversationStatePort;
import io.parley.application.port.out.ConversationStatePortContract;

/** The state contract on PostgreSQL ({@code PARLEY_TEST_PG_URL}), from two stores with pools of their own. */
class PostgresConversationStatesTest extends ConversationStatePortContract {
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
    protected ConversationStatePort states() {
        return nodes.first().states();
    }

    @Override
    protected ConversationStatePort otherNode() {
        return nodes.second().states();
    }
}

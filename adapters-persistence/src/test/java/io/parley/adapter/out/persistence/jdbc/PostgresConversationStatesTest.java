package io.parley.adapter.out.persistence.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.parley.application.port.out.ConversationStatePort;
import io.parley.application.port.out.ConversationStatePortContract;

/** The state contract on PostgreSQL ({@code PARLEY_TEST_PG_URL}), from two stores with pools of their own. */
class PostgresConversationStatesTest extends ConversationStatePortContract {
    private static JdbcStorage first;
    private static JdbcStorage second;

    @BeforeAll
    static void open() {
        first = JdbcStores.open(TestDatabases.postgres());
        second = JdbcStores.open(TestDatabases.postgres());
    }

    @AfterAll
    static void close() {
        for (JdbcStorage storage : new JdbcStorage[] {second, first}) {
            if (storage != null) {
                storage.close();
            }
        }
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

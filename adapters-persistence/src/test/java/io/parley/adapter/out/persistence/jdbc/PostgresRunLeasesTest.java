package io.parley.adapter.out.persistence.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The run-lease contract on PostgreSQL ({@code PARLEY_TEST_PG_URL}), from two stores with pools of their own, as two
 * nodes. Every test makes up its own conversations and runs, so leases left by earlier runs do not matter.
 */
class PostgresRunLeasesTest extends JdbcRunLeaseContract {
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
    protected JdbcStorage storage() {
        return first;
    }

    @Override
    protected JdbcStorage secondStorage() {
        return second;
    }
}

package io.parley.adapter.out.persistence.jdbc;

/** Retention on PostgreSQL ({@code PARLEY_TEST_PG_URL}). */
class PostgresRetentionTest extends RetentionContract {

    @Override
    protected JdbcStorage open() {
        return JdbcStores.open(TestDatabases.postgres());
    }
}

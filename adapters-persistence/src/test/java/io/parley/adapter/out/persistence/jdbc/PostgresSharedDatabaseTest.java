package io.parley.adapter.out.persistence.jdbc;

/** Two instances on one PostgreSQL: appends lock with {@code SELECT ... FOR UPDATE}. */
class PostgresSharedDatabaseTest extends SharedDatabaseContract {
    @Override
    JdbcStoreSettings database() {
        return TestDatabases.postgres();
    }
}

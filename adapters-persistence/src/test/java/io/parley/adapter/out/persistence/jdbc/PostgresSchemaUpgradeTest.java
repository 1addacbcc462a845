package io.parley.adapter.out.persistence.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A V1, V2 or V3 schema on PostgreSQL migrates (see {@link SchemaUpgradeContract}), in a schema of its own, dropped
 * after.
 */
class PostgresSchemaUpgradeTest extends SchemaUpgradeContract {
    private PostgresSchema schema;

    @BeforeEach
    void createSchema() throws SQLException {
        schema = PostgresSchema.create(TestDatabases.postgresServer(), "parley_upgrade");
    }

    @AfterEach
    void dropSchema() throws SQLException {
        schema.drop();
    }

    @Override
    protected JdbcStoreSettings settings() {
        return schema.settings();
    }

    @Override
    protected Connection administer() throws SQLException {
        return connect(settings().url(), settings());
    }
}

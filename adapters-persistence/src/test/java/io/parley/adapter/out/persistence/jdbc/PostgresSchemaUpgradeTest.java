package io.parley.adapter.out.persistence.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A V1 schema on PostgreSQL migrates (see {@link SchemaUpgradeContract}), in a schema of its own, dropped after. */
class PostgresSchemaUpgradeTest extends SchemaUpgradeContract {
    private final String schema = "parley_upgrade_" + UUID.randomUUID().toString().replace("-", "");
    private JdbcStoreSettings server;

    @BeforeEach
    void createSchema() throws SQLException {
        server = TestDatabases.postgres();
        execute("CREATE SCHEMA " + schema);
    }

    @AfterEach
    void dropSchema() throws SQLException {
        execute("DROP SCHEMA " + schema + " CASCADE");
    }

    @Override
    protected JdbcStoreSettings settings() {
        return JdbcStoreSettings.of(TestDatabases.withParameter(server.url(), "currentSchema=" + schema),
                server.user(), server.password());
    }

    @Override
    protected Connection administer() throws SQLException {
        return connect(settings().url(), settings());
    }

    private void execute(String sql) throws SQLException {
        try (Connection admin = administer();
             Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }
}

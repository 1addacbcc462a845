package io.parley.adapter.out.persistence.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.parley.adapter.out.persistence.jdbc.JdbcStoreSettings.Setting;
import io.parley.adapter.out.persistence.resilience.ResilienceSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Set-up problems on PostgreSQL ({@code PARLEY_TEST_PG_URL}), in a schema of the test's own (dropped afterwards),
 * so that dropping a table there disturbs nobody else using the database.
 */
class PostgresMisconfigurationTest extends StoreMisconfigurationContract {
    private final String schema = "parley_misconfigured_" + UUID.randomUUID().toString().replace("-", "");
    private final String reader = schema + "_reader";
    private JdbcStoreSettings server;

    @BeforeEach
    void createSchema() throws SQLException {
        server = TestDatabases.postgresServer();
        administer("CREATE SCHEMA " + schema);
    }

    @AfterEach
    void dropSchema() throws SQLException {
        administer("DROP SCHEMA " + schema + " CASCADE");
        administer("DROP ROLE IF EXISTS " + reader);
    }

    @Override
    protected JdbcStoreSettings settings(ResilienceSettings resilience) {
        return new JdbcStoreSettings(TestDatabases.withParameter(server.url(), "currentSchema=" + schema),
                server.user(), server.password(), 4, server.connectionTimeout(), server.maxBatch(), resilience);
    }

    @Override
    protected void administer(String sql) throws SQLException {
        try (Connection admin = DriverManager.getConnection(
                TestDatabases.withParameter(server.url(), "currentSchema=" + schema), server.user(),
                server.password());
             Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    protected JdbcStoreSettings readOnlyUser() throws SQLException {
        administer("CREATE ROLE " + reader + " LOGIN PASSWORD 'reader'");
        administer("GRANT USAGE ON SCHEMA " + schema + " TO " + reader);
        administer("GRANT SELECT ON ALL TABLES IN SCHEMA " + schema + " TO " + reader);
        JdbcStoreSettings settings = settings(TOUCHY);
        return new JdbcStoreSettings(settings.url(), reader, "reader", settings.poolSize(),
                settings.connectionTimeout(), settings.maxBatch(), settings.resilience());
    }

    @Test
    void aDatabaseThatDoesNotExistIsRefusedAtStartNamingTheUrl() {
        String missing = server.url().replaceFirst("/[^/?]*(\\?|$)", "/parley_no_such_database$1");
        StoreUnusableException unusable = assertThrows(StoreUnusableException.class,
                () -> JdbcStores.open(JdbcStoreSettings.of(missing, server.user(), server.password())));
        assertEquals(List.of(Setting.URL), unusable.settings(), unusable.getMessage());
        assertTrue(unusable.getMessage().contains("does not exist"), unusable.getMessage());
    }
}

package io.parley.adapter.out.persistence.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.io.TempDir;

import io.parley.adapter.out.persistence.resilience.ResilienceSettings;

/** Set-up problems on an H2 file database of the test's own. */
class H2MisconfigurationTest extends StoreMisconfigurationContract {
    @TempDir
    Path directory;

    @Override
    protected JdbcStoreSettings settings(ResilienceSettings resilience) {
        JdbcStoreSettings file = TestDatabases.h2File(directory);
        return new JdbcStoreSettings(file.url(), file.user(), file.password(), 4, file.connectionTimeout(),
                file.maxBatch(), resilience);
    }

    @Override
    protected void administer(String sql) throws SQLException {
        JdbcStoreSettings settings = settings(TOUCHY);
        try (Connection admin = DriverManager.getConnection(Connections.of(settings).url(), "sa", "");
             Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    protected JdbcStoreSettings readOnlyUser() throws SQLException {
        administer("CREATE USER reader PASSWORD 'reader'");
        administer("GRANT SELECT ON conversations, members, messages, run_leases TO reader");
        JdbcStoreSettings settings = settings(TOUCHY);
        return new JdbcStoreSettings(settings.url(), "reader", "reader", settings.poolSize(),
                settings.connectionTimeout(), settings.maxBatch(), settings.resilience());
    }
}

package io.parley.adapter.out.persistence.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A V1 or V2 H2 file migrates (see {@link SchemaUpgradeContract}); and H2 reads a user's memberships, and expired run
 * leases, along their indexes, in order, rather than through the whole table.
 */
class H2SchemaUpgradeTest extends SchemaUpgradeContract {
    @TempDir
    Path directory;

    @Override
    protected JdbcStoreSettings settings() {
        return TestDatabases.h2File(directory);
    }

    @Override
    protected Connection administer() throws SQLException {
        return connect(Connections.of(settings()).url(), settings());
    }

    @Test
    void membershipsAreReadAlongTheirIndex() throws SQLException {
        JdbcStores.open(settings()).close();
        String query = Memberships.MEMBERSHIPS.replace(":user", "'alice'").replace(":after", "''")
                .replace(":limit", "10");
        try (Connection admin = administer();
             Statement statement = admin.createStatement();
             ResultSet plan = statement.executeQuery("EXPLAIN " + query)) {
            assertTrue(plan.next());
            String text = plan.getString(1);
            assertTrue(text.contains("members_user_idx: user_id = 'alice'"), text);
            assertTrue(text.contains("index sorted"), "read in order along the index, up to the limit: " + text);
        }
    }

    @Test
    void expiredRunLeasesAreReadAlongTheirIndex() throws SQLException {
        JdbcStores.open(settings()).close();
        String query = JdbcRunLeases.EXPIRED.replace(":now", "TIMESTAMP WITH TIME ZONE '2026-03-01 10:00:00+00'")
                .replace(":limit", "50");
        try (Connection admin = administer();
             Statement statement = admin.createStatement();
             ResultSet plan = statement.executeQuery("EXPLAIN " + query)) {
            assertTrue(plan.next());
            String text = plan.getString(1);
            assertTrue(text.contains("run_leases_expires_at_idx"), text);
        }
    }
}

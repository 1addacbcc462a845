package io.parley.adapter.out.persistence.jdbc;

import java.lang.System.Logger.Level;

import com.zaxxer.hikari.HikariDataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

import io.parley.domain.LogLine;

/**
 * Brings the schema up to date with Flyway before the store opens. The scripts under {@code db/parley} serve H2 (in
 * PostgreSQL mode) and PostgreSQL alike; Flyway's lock lets several instances start against one database at once.
 */
final class SchemaMigration {
    static final String LOCATION = "classpath:db/parley";
    private static final System.Logger LOG = System.getLogger(SchemaMigration.class.getName());

    private SchemaMigration() {
    }

    /** Migrates through a pool like the store's, so that its URL settings and timeouts hold for Flyway too. */
    static void migrate(Database database, JdbcStoreSettings settings) {
        try (HikariDataSource source = database.separatePool("parley-store-migration", 3)) {
            MigrateResult result = Flyway.configure(SchemaMigration.class.getClassLoader())
                    .dataSource(source)
                    .locations(LOCATION)
                    .connectRetries(0)
                    .load()
                    .migrate();
            LOG.log(Level.INFO, () -> LogLine.event("store_schema").with("url", settings.safeUrl())
                    .with("applied", result.migrationsExecuted).with("version", result.targetSchemaVersion == null
                            ? result.initialSchemaVersion : result.targetSchemaVersion).toString());
        } catch (FlywayException e) {
            throw Failures.translate("migrate the schema at " + settings.safeUrl(), e);
        }
    }
}

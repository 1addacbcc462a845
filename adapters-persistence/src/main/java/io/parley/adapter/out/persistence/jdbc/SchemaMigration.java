package io.parley.adapter.out.persistence.jdbc;

import java.lang.System.Logger.Level;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

import io.parley.application.port.out.StoreUnavailableException;
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

    static void migrate(JdbcStoreSettings settings) {
        try {
            MigrateResult result = Flyway.configure(SchemaMigration.class.getClassLoader())
                    .dataSource(settings.url(), settings.user(), settings.password())
                    .locations(LOCATION)
                    .connectRetries(0)
                    .load()
                    .migrate();
            LOG.log(Level.INFO, () -> LogLine.event("store_schema").with("url", settings.safeUrl())
                    .with("applied", result.migrationsExecuted).with("version", result.targetSchemaVersion == null
                            ? result.initialSchemaVersion : result.targetSchemaVersion).toString());
        } catch (FlywayException e) {
            throw new StoreUnavailableException("cannot migrate the conversation store schema at "
                    + settings.safeUrl() + ": " + e.getMessage(), Failures.RETRY_AFTER, e);
        }
    }
}

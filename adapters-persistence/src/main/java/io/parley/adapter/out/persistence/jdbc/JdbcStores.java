package io.parley.adapter.out.persistence.jdbc;

import java.lang.System.Logger.Level;

import io.parley.adapter.out.persistence.resilience.ResilientConversationStore;
import io.parley.domain.LogLine;

/** Opens the durable conversation store: migrates the schema, starts the pool, wraps it in fault tolerance. */
public final class JdbcStores {
    private static final System.Logger LOG = System.getLogger(JdbcStores.class.getName());

    private JdbcStores() {
    }

    /**
     * Opens the store described by {@code settings}. Fails with {@code StoreUnavailableException} when the database
     * cannot be reached or migrated: the service should not start without its store.
     */
    public static JdbcStorage open(JdbcStoreSettings settings) {
        // the pool first: an in-memory H2 database lives only while a connection to it is open
        Database database = Database.open(settings);
        try {
            SchemaMigration.migrate(settings);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        JdbcConversationStore jdbc = new JdbcConversationStore(database, settings.writers(), settings.maxBatch());
        ResilientConversationStore resilient = new ResilientConversationStore(jdbc, jdbc, jdbc::ping,
                settings.resilience());
        LOG.log(Level.INFO, () -> LogLine.event("store_open").with("url", settings.safeUrl())
                .with("pool", settings.poolSize()).with("writers", settings.writers())
                .with("max_batch", settings.maxBatch()).toString());
        return new JdbcStorage(jdbc, resilient);
    }
}

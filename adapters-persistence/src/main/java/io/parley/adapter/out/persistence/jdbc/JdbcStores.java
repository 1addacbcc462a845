package io.parley.adapter.out.persistence.jdbc;

import java.lang.System.Logger.Level;

import io.parley.adapter.out.persistence.resilience.ResilientConversationStore;

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
        SchemaMigration.migrate(settings);
        Database database = Database.open(settings);
        JdbcConversationStore jdbc = new JdbcConversationStore(database, settings.writers(), settings.maxBatch());
        ResilientConversationStore resilient = new ResilientConversationStore(jdbc, jdbc, jdbc::ping,
                settings.resilience());
        LOG.log(Level.INFO, () -> "event=store_open url=" + settings.safeUrl() + " pool=" + settings.poolSize()
                + " writers=" + settings.writers() + " max_batch=" + settings.maxBatch());
        return new JdbcStorage(jdbc, resilient);
    }
}

package io.parley.adapter.out.persistence.jdbc;

import java.lang.System.Logger.Level;

import io.parley.adapter.out.persistence.resilience.ResilientConversationStore;
import io.parley.domain.LogLine;

/**
 * Opens the durable conversation store: starts the pool, migrates the schema, checks that the store's statements
 * work, and wraps it, and the run leases kept in it, in fault tolerance.
 */
public final class JdbcStores {
    private static final System.Logger LOG = System.getLogger(JdbcStores.class.getName());

    private JdbcStores() {
    }

    /**
     * Opens the store described by {@code settings}. Fails with one {@link StoreUnusableException} when the URL
     * names no database the store can run on, or the database cannot be reached, migrated or written with the
     * store's statements: the service should not start without its store.
     */
    public static JdbcStorage open(JdbcStoreSettings settings) {
        Database database;
        try {
            // the pool first: an in-memory H2 database lives only while a connection to it is open
            database = Database.open(settings);
        } catch (RuntimeException e) {
            throw Failures.unusable(settings.safeUrl(), e);
        }
        try {
            SchemaMigration.migrate(database, settings);
            SelfCheck.run(database, settings);
        } catch (RuntimeException e) {
            database.close();
            throw Failures.unusable(settings.safeUrl(), e);
        }
        JdbcConversationStore jdbc = new JdbcConversationStore(database, settings);
        ResilientConversationStore resilient = new ResilientConversationStore(jdbc, jdbc, jdbc::ping,
                settings.resilience());
        LOG.log(Level.INFO, () -> LogLine.event("store_open").with("url", settings.safeUrl())
                .with("pool", settings.poolSize()).with("writers", settings.writers())
                .with("max_batch", settings.maxBatch())
                .with("statement_timeout_ms", settings.statementTimeout().toMillis()).toString());
        return new JdbcStorage(jdbc, resilient, resilient.guard(new JdbcRunLeases(database)),
                resilient.guard(new JdbcConversationStates(database)),
                resilient.guard(new JdbcConversationTools(database)), resilient.guard(new JdbcAttachments(database)),
                new JdbcWebhookOutbox(database));
    }
}

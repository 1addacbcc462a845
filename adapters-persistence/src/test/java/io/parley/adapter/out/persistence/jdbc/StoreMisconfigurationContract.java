package io.parley.adapter.out.persistence.jdbc;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.parley.adapter.common.resilience.CircuitState;
import io.parley.adapter.out.persistence.jdbc.JdbcStoreSettings.Setting;
import io.parley.adapter.out.persistence.resilience.ResilienceSettings;
import io.parley.adapter.out.persistence.resilience.StoreStatus;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.StoreMisconfiguredException;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.testing.LogCapture;

import static io.parley.adapter.out.persistence.jdbc.Drafts.T0;
import static io.parley.adapter.out.persistence.jdbc.Drafts.draft;
import static io.parley.adapter.out.persistence.jdbc.Drafts.stored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database the store cannot use, under a running store and at start-up: a set-up problem is never retried,
 * never opens the circuit, is logged once, and at start-up fails {@code JdbcStores.open} with one message that
 * names the setting to change. Each run gets a database (or schema) of its own that it may break.
 */
abstract class StoreMisconfigurationContract {
    /** Retries and a breaker that two failures would open: a set-up problem must trigger neither. */
    static final ResilienceSettings TOUCHY = new ResilienceSettings(2, Duration.ofMillis(20), Duration.ofSeconds(5),
            2, Duration.ofMinutes(10));
    private static final String GUARD_LOGGER = "io.parley.adapter.out.persistence.resilience.StoreGuard";

    private LogCapture logs;

    /** The store's settings on this run's own database, with {@code resilience}. */
    protected abstract JdbcStoreSettings settings(ResilienceSettings resilience);

    /** Runs {@code sql} as an administrator of this run's database. */
    protected abstract void administer(String sql) throws SQLException;

    /** Settings whose user exists but may only read the store's tables. */
    protected abstract JdbcStoreSettings readOnlyUser() throws SQLException;

    @BeforeEach
    void captureLogs() {
        logs = LogCapture.of(GUARD_LOGGER);
    }

    @AfterEach
    void stopCapturing() {
        logs.close();
    }

    @Test
    void aTableDroppedUnderARunningStoreFailsItsCallsOnceEachWithoutRetryOrCircuitAndIsLoggedOnce()
            throws Exception {
        try (JdbcStorage storage = JdbcStores.open(settings(TOUCHY))) {
            ConversationStorePort store = storage.conversations();
            ConversationId conversation = Drafts.created(store, "dropped");
            assertEquals(1, stored(store.append(draft(conversation, "m1", T0))).offset());

            administer("DROP TABLE messages");

            for (int i = 2; i <= 5; i++) {
                String id = "m" + i;
                StoreMisconfiguredException failed = assertThrows(StoreMisconfiguredException.class,
                        () -> store.append(draft(conversation, id, T0)));
                assertEquals(0, failed.getSuppressed().length, "tried once: " + List.of(failed.getSuppressed()));
                assertTrue(failed.problem().contains("messages"), failed.problem());
            }
            assertThrows(StoreMisconfiguredException.class,
                    () -> store.messages(conversation, MessageRange.after(0, 10)));
            assertEquals(new StoreStatus(StoreStatus.Health.UP, CircuitState.CLOSED), storage.status(),
                    "the circuit stays closed: the database answers");
            assertEquals(1, store.latestOffset(conversation), "what does not need the table still works");
            assertEquals(1, logs.lines("event=store_misconfigured").size(), logs.lines("event=store").toString());
            assertEquals(List.of(), logs.lines("event=store_failure"), "no outage is logged");
        }
    }

    @Test
    void aStoreWhoseTableIsMissingDoesNotOpenAndSaysWhichTable() throws Exception {
        JdbcStores.open(settings(TOUCHY)).close();
        administer("DROP TABLE messages");

        StoreUnusableException unusable = assertThrows(StoreUnusableException.class,
                () -> JdbcStores.open(settings(TOUCHY)));
        assertEquals(List.of(Setting.URL), unusable.settings());
        assertTrue(unusable.getMessage().contains("messages"), unusable.getMessage());
        assertTrue(unusable.getMessage().contains("lacks the store's tables"), unusable.getMessage());
    }

    @Test
    void aStoreWithoutItsRunLeasesTableDoesNotOpen() throws Exception {
        JdbcStores.open(settings(TOUCHY)).close();
        administer("DROP TABLE run_leases");

        StoreUnusableException unusable = assertThrows(StoreUnusableException.class,
                () -> JdbcStores.open(settings(TOUCHY)));
        assertEquals(List.of(Setting.URL), unusable.settings());
        assertTrue(unusable.getMessage().contains("run_leases"), unusable.getMessage());
    }

    @Test
    void aStoreWhoseMessagesLackAColumnOfTheirAgentPartsDoesNotOpen() throws Exception {
        JdbcStores.open(settings(TOUCHY)).close();
        administer("ALTER TABLE messages DROP COLUMN reasoning");

        StoreUnusableException unusable = assertThrows(StoreUnusableException.class,
                () -> JdbcStores.open(settings(TOUCHY)));
        assertEquals(List.of(Setting.URL), unusable.settings());
        assertTrue(unusable.getMessage().contains("reasoning"), unusable.getMessage());
    }

    @Test
    void aUserWhoMayNotWriteIsRefusedAtStartNamingTheUser() throws Exception {
        JdbcStores.open(settings(TOUCHY)).close();

        StoreUnusableException unusable = assertThrows(StoreUnusableException.class,
                () -> JdbcStores.open(readOnlyUser()));
        assertEquals(List.of(Setting.USER), unusable.settings(), unusable.getMessage());
        assertTrue(unusable.getMessage().contains("lacks a right"), unusable.getMessage());
    }

    @Test
    void wrongCredentialsAreRefusedAtStartNamingUserAndPassword() {
        JdbcStoreSettings right = settings(TOUCHY);
        JdbcStores.open(right).close(); // an H2 database that does not exist yet would take any user as its admin
        StoreUnusableException unusable = assertThrows(StoreUnusableException.class,
                () -> JdbcStores.open(new JdbcStoreSettings(right.url(), "nobody_" + System.nanoTime(), "wrong",
                        right.poolSize(), right.connectionTimeout(), right.maxBatch(), right.resilience())));
        assertEquals(List.of(Setting.USER, Setting.PASSWORD), unusable.settings(), unusable.getMessage());
        assertTrue(unusable.getMessage().contains("refused the user or the password"), unusable.getMessage());
    }
}

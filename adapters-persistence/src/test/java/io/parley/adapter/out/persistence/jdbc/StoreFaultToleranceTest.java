package io.parley.adapter.out.persistence.jdbc;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.parley.adapter.common.resilience.CircuitState;
import io.parley.adapter.out.persistence.jdbc.JdbcStoreSettings.Setting;
import io.parley.adapter.out.persistence.resilience.ResilienceSettings;
import io.parley.adapter.out.persistence.resilience.StoreStatus;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.application.testing.Eventually;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.testing.LogCapture;

import static io.parley.adapter.out.persistence.jdbc.Drafts.T0;
import static io.parley.adapter.out.persistence.jdbc.Drafts.draft;
import static io.parley.adapter.out.persistence.jdbc.Drafts.stored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store when its database goes away: an H2 server on a real TCP port is stopped under an open store, and
 * started again. What is asserted is behaviour, never speed: which calls reach the database (H2 counts the
 * statements it executes), what the failures say, and the breaker's states, waited for by polling.
 */
class StoreFaultToleranceTest {
    private static final String GUARD_LOGGER = "io.parley.adapter.out.persistence.resilience.StoreGuard";
    private static final String LATEST_OFFSET = "SELECT last_offset FROM conversations WHERE id = ?"
            + " AND deleted_at IS NULL";

    @TempDir
    Path directory;
    private int port;
    private Server server;
    private JdbcStorage storage;
    private LogCapture logs;

    @BeforeEach
    void startDatabaseServer() throws Exception {
        port = freePort();
        server = startServer();
        logs = LogCapture.of(GUARD_LOGGER);
    }

    @AfterEach
    void stopEverything() {
        logs.close();
        if (storage != null) {
            storage.close();
        }
        server.stop();
    }

    @Test
    void anOpenCircuitRefusesCallsWithoutSendingThemToTheDatabase() throws Exception {
        JdbcStoreSettings settings = settings(Duration.ofMinutes(10));
        storage = JdbcStores.open(settings);
        ConversationStorePort store = storage.conversations();
        ConversationId conversation = Drafts.created(store, "ft");
        assertEquals(1, stored(store.append(draft(conversation, "before", T0))).offset());

        server.stop();
        openTheCircuit(store, conversation);
        server = startServer();

        try (Connection admin = DriverManager.getConnection(Connections.of(settings).url(), "sa", "")) {
            try (Statement statement = admin.createStatement()) {
                statement.execute("SET QUERY_STATISTICS TRUE");
            }
            StoreUnavailableException refused = assertThrows(StoreUnavailableException.class,
                    () -> store.latestOffset(conversation));
            assertTrue(refused.getMessage().contains("circuit is open, latest offset not tried"),
                    refused.getMessage());
            assertTrue(refused.retryAfter().compareTo(Duration.ofMinutes(5)) > 0,
                    "retry after the remaining open time: " + refused.retryAfter());
            assertEquals(new StoreStatus(StoreStatus.Health.DOWN, CircuitState.OPEN), storage.status());
            assertEquals(0, executions(admin, LATEST_OFFSET), "the refused call never reached the database");
            assertEquals(0, executions(admin, "SELECT 1"), "nor did readiness while the circuit is open");

            try (JdbcStorage other = JdbcStores.open(settings)) {
                assertEquals(1, other.conversations().latestOffset(conversation));
            }
            assertEquals(1, executions(admin, LATEST_OFFSET), "the database counts the statement when it runs");
        }
    }

    @Test
    void anOpenCircuitLetsATrialCallThroughOnceItsTimeIsUpAndClosesWhenTheDatabaseIsBack() throws Exception {
        storage = JdbcStores.open(settings(Duration.ofMillis(300)));
        ConversationStorePort store = storage.conversations();
        ConversationId conversation = Drafts.created(store, "ft");
        assertEquals(1, stored(store.append(draft(conversation, "before", T0))).offset());

        server.stop();
        openTheCircuit(store, conversation);
        server = startServer();

        Eventually.until("readiness is up again", () -> storage.status().isUp());
        assertEquals(CircuitState.CLOSED, storage.circuitState());
        assertEquals(2, stored(store.append(draft(conversation, "after", T0))).offset());
        List<String> changes = logs.lines("event=breaker_state");
        assertEquals("event=breaker_state breaker=store from=closed to=open", changes.getFirst());
        assertEquals("event=breaker_state breaker=store from=half_open to=closed", changes.getLast());
        for (int i = 1; i < changes.size(); i++) {
            assertTrue(changes.get(i).contains("from=" + to(changes.get(i - 1))), "one change after the other: "
                    + changes);
        }
    }

    @Test
    void aFailingCallIsRetriedBeforeItCountsAsAFailure() {
        storage = JdbcStores.open(settings(Duration.ofMinutes(10)));
        ConversationStorePort store = storage.conversations();
        ConversationId conversation = Drafts.created(store, "retry");
        server.stop();
        StoreUnavailableException failed = assertThrows(StoreUnavailableException.class,
                () -> store.latestOffset(conversation));
        assertEquals(2, failed.getCause().getSuppressed().length, "the last of three attempts carries the first two");
        assertEquals(Duration.ofSeconds(1), failed.retryAfter());
        assertTrue(failed.getMessage().contains("latest offset"), failed.getMessage());
        assertEquals(CircuitState.CLOSED, storage.circuitState());
        assertEquals(List.of(), logs.lines("event=breaker_state"), "one failed call does not open the circuit");
    }

    @Test
    void openingAStoreWhoseDatabaseIsUnreachableFailsNamingTheUrl() throws Exception {
        String closedPort = "jdbc:postgresql://127.0.0.1:" + freePort() + "/test";
        StoreUnusableException unusable = assertThrows(StoreUnusableException.class,
                () -> JdbcStores.open(JdbcStoreSettings.of(closedPort, "postgres", "")));
        assertEquals(List.of(Setting.URL), unusable.settings());
        assertTrue(unusable.getMessage().contains("cannot reach the database"), unusable.getMessage());
        assertTrue(unusable.getMessage().contains(closedPort), unusable.getMessage());
    }

    /** Three appends fail (each after its retries) against the stopped server: the circuit opens. */
    private void openTheCircuit(ConversationStorePort store, ConversationId conversation) {
        for (int failure = 1; failure <= 3; failure++) {
            int attempt = failure;
            StoreUnavailableException failed = assertThrows(StoreUnavailableException.class,
                    () -> store.append(draft(conversation, "m" + attempt, T0)));
            assertInstanceOf(StoreUnavailableException.class, failed.getCause(), "a database failure, not a refusal");
        }
        assertEquals(new StoreStatus(StoreStatus.Health.DOWN, CircuitState.OPEN), storage.status());
    }

    /** A plain H2 URL (the store adds its settings), short timings, a circuit that stays open {@code openFor}. */
    private JdbcStoreSettings settings(Duration openFor) {
        return new JdbcStoreSettings("jdbc:h2:tcp://127.0.0.1:" + port + "/parley", "sa", "", 4,
                Duration.ofMillis(250), 100, new ResilienceSettings(2, Duration.ofMillis(50), Duration.ofSeconds(3),
                3, openFor));
    }

    private static String to(String change) {
        return change.substring(change.indexOf(" to=") + 4);
    }

    /** How often H2 has executed statements starting with {@code sql} since statistics were switched on. */
    private static long executions(Connection admin, String sql) throws SQLException {
        try (PreparedStatement query = admin.prepareStatement("SELECT COALESCE(SUM(execution_count), 0)"
                + " FROM information_schema.query_statistics WHERE sql_statement = ?")) {
            query.setString(1, sql);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private Server startServer() throws SQLException {
        return Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", directory.toString(),
                "-ifNotExists").start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package io.parley.adapter.out.persistence.jdbc;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.parley.adapter.common.resilience.CircuitState;
import io.parley.adapter.out.persistence.resilience.ResilienceSettings;
import io.parley.adapter.out.persistence.resilience.StoreStatus;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.testing.LogCapture;

import static io.parley.adapter.out.persistence.jdbc.Drafts.T0;
import static io.parley.adapter.out.persistence.jdbc.Drafts.draft;
import static io.parley.adapter.out.persistence.jdbc.Drafts.stored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store when its database goes away: an H2 server on a real TCP port is stopped under an open store, and
 * started again. Timings are short (250 ms connection timeout, 50 ms first retry, open for 2 s).
 */
class StoreFaultToleranceTest {
    private static final ResilienceSettings QUICK = new ResilienceSettings(2, Duration.ofMillis(50),
            Duration.ofSeconds(3), 3, Duration.ofSeconds(2));
    private static final String GUARD_LOGGER = "io.parley.adapter.out.persistence.resilience.StoreGuard";

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
        storage = JdbcStores.open(new JdbcStoreSettings("jdbc:h2:tcp://127.0.0.1:" + port + "/parley"
                + TestDatabases.H2_OPTIONS, "sa", "", 4, Duration.ofMillis(250), 100, QUICK));
        logs = LogCapture.of(GUARD_LOGGER);
    }

    @AfterEach
    void stopEverything() {
        logs.close();
        storage.close();
        server.stop();
    }

    @Test
    void anUnreachableDatabaseOpensTheCircuitWhichFailsFastAndClosesAgainOnceItIsBack() throws Exception {
        ConversationStorePort store = storage.conversations();
        ConversationId conversation = Drafts.created(store, "ft");
        assertEquals(1, stored(store.append(draft(conversation, "before", T0))).offset());
        assertEquals(new StoreStatus(StoreStatus.Health.UP, CircuitState.CLOSED), storage.status());

        server.stop();
        for (int failure = 1; failure <= 3; failure++) {
            int attempt = failure;
            assertThrows(StoreUnavailableException.class, () -> store.append(draft(conversation, "m" + attempt, T0)));
        }
        assertEquals(new StoreStatus(StoreStatus.Health.DOWN, CircuitState.OPEN), storage.status());

        long started = System.nanoTime();
        StoreUnavailableException fast = assertThrows(StoreUnavailableException.class,
                () -> store.latestOffset(conversation));
        long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertTrue(tookMillis < 200, "an open circuit does not wait for a connection: " + tookMillis + " ms");
        assertTrue(fast.retryAfter().compareTo(Duration.ofMillis(500)) > 0
                && fast.retryAfter().compareTo(QUICK.openFor()) <= 0,
                "retry after the remaining open time: " + fast.retryAfter());

        server = startServer();
        Thread.sleep(QUICK.openFor().toMillis() + 200);
        assertEquals(2, stored(store.append(draft(conversation, "after", T0))).offset(), "the trial call closes it");
        assertEquals(new StoreStatus(StoreStatus.Health.UP, CircuitState.CLOSED), storage.status());
        assertEquals(List.of(
                "event=breaker_state breaker=store from=closed to=open",
                "event=breaker_state breaker=store from=open to=half_open",
                "event=breaker_state breaker=store from=half_open to=closed"), logs.lines("event=breaker_state"));
    }

    @Test
    void aFailingCallIsRetriedBeforeItCountsAsAFailure() {
        ConversationStorePort store = storage.conversations();
        ConversationId conversation = Drafts.created(store, "retry");
        server.stop();
        long started = System.nanoTime();
        StoreUnavailableException failed = assertThrows(StoreUnavailableException.class,
                () -> store.latestOffset(conversation));
        long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertEquals(2, failed.getCause().getSuppressed().length, "the last of three attempts carries the first two");
        assertTrue(tookMillis >= 150, "waited 50 ms, then 100 ms between attempts: " + tookMillis + " ms");
        assertEquals(Duration.ofSeconds(1), failed.retryAfter());
        assertTrue(failed.getMessage().contains("latest offset"), failed.getMessage());
        assertEquals(List.of(), logs.lines("event=breaker_state"), "one failed call does not open the circuit");
    }

    @Test
    void openingAStoreWhoseDatabaseIsUnreachableFailsAtOnce() throws Exception {
        String closedPort = "jdbc:postgresql://127.0.0.1:" + freePort() + "/test";
        long started = System.nanoTime();
        assertThrows(StoreUnavailableException.class,
                () -> JdbcStores.open(JdbcStoreSettings.of(closedPort, "postgres", "")));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 5);
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

package io.parley.adapter.out.persistence.jdbc;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.parley.adapter.common.resilience.CircuitState;
import io.parley.adapter.out.persistence.resilience.ResilienceSettings;
import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.StoreMisconfiguredException;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.application.testing.Eventually;
import io.parley.domain.conversation.ConversationId;

import static io.parley.adapter.out.persistence.jdbc.Drafts.T0;
import static io.parley.adapter.out.persistence.jdbc.Drafts.draft;
import static io.parley.adapter.out.persistence.jdbc.Drafts.stored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A database that stops answering (a network black hole: a {@link PausableProxy} that keeps the sockets open and
 * forwards nothing) neither hangs an append nor shutdown. The store's timings are short (a 2 s retry budget, 0.5 s
 * connection timeout), and the bound asserted is four times budget plus connection timeout (eight for closing the
 * store, which waits for a call in flight and then for the pool to abort its connections): what ends the calls
 * is the store's timeouts (at most about one budget plus one socket timeout), which fire on a slow machine as on a
 * fast one, not the speed of the machine.
 */
abstract class BlackHoleContract {
    private static final ResilienceSettings SHORT = new ResilienceSettings(1, Duration.ofMillis(100),
            Duration.ofSeconds(2), 100, Duration.ofSeconds(1));
    private static final Duration CONNECTION_TIMEOUT = Duration.ofMillis(500);
    private static final Duration BOUND = SHORT.retryBudget().plus(CONNECTION_TIMEOUT).multipliedBy(4);
    /**
     * Closing waits for the batch in flight (connection plus socket timeout), then the pool aborts its connections,
     * which the driver may hold until its own socket timeout: about twice a call's time, so twice the margin.
     */
    private static final Duration CLOSE_BOUND = BOUND.multipliedBy(2);

    private PausableProxy proxy;
    private JdbcStorage storage;
    private ConversationStorePort store;
    private final AtomicInteger ids = new AtomicInteger();

    /** The database's host and port, which the proxy forwards to. */
    protected abstract String host();

    protected abstract int port();

    /** The store's settings for the database reached through {@code proxyPort}. */
    protected abstract JdbcStoreSettings through(int proxyPort, ResilienceSettings resilience,
                                                 Duration connectionTimeout);

    @BeforeEach
    void openThroughTheProxy() throws Exception {
        proxy = PausableProxy.to(host(), port());
        storage = JdbcStores.open(through(proxy.port(), SHORT, CONNECTION_TIMEOUT));
        store = storage.conversations();
    }

    @AfterEach
    void closeAll() throws Exception {
        proxy.resume();
        if (storage != null) {
            storage.close();
        }
        proxy.close();
    }

    @Test
    void anAppendToASilentDatabaseFailsAsUnavailableAndTheStoreServesAgainOnceItAnswers() {
        ConversationId conversation = Drafts.created(store, "black-hole");
        assertEquals(1, stored(append(conversation)).offset());

        proxy.pause();
        StoreUnavailableException failed = assertTimeoutPreemptively(BOUND,
                () -> assertThrows(StoreUnavailableException.class, () -> append(conversation)));
        assertFalse(failed instanceof StoreMisconfiguredException, "a silent database is an outage: " + failed);

        proxy.resume();
        Eventually.until("an append is stored again", () -> {
            try {
                return append(conversation) instanceof Appended.Stored;
            } catch (StoreUnavailableException e) {
                return false;
            }
        });
    }

    @Test
    void closingWhileTheDatabaseIsSilentReturnsAndFailsTheAppendsInFlight() {
        ConversationId conversation = Drafts.created(store, "black-hole-close");
        assertEquals(1, stored(append(conversation)).offset());

        proxy.pause();
        CompletableFuture<Appended> inFlight = CompletableFuture.supplyAsync(() -> append(conversation));
        assertTimeoutPreemptively(CLOSE_BOUND, () -> storage.close());
        storage = null;
        assertTimeoutPreemptively(BOUND, () -> assertThrows(Exception.class, inFlight::join),
                "the append in flight ends too");
    }

    @Test
    void aDatabaseThatCutsEveryConnectionIsAnOutageRetriedAndCountedUntilTheCircuitOpens() throws Exception {
        ResilienceSettings outage = new ResilienceSettings(2, Duration.ofMillis(20), Duration.ofSeconds(5), 2,
                Duration.ofMillis(300));
        try (JdbcStorage touchy = JdbcStores.open(through(proxy.port(), outage, CONNECTION_TIMEOUT))) {
            ConversationStorePort guarded = touchy.conversations();
            ConversationId conversation = Drafts.created(guarded, "cut");

            proxy.refuse();
            for (int i = 1; i <= 2; i++) {
                String id = "cut-" + i;
                StoreUnavailableException failed = assertThrows(StoreUnavailableException.class,
                        () -> guarded.append(draft(conversation, id, T0)));
                assertFalse(failed instanceof StoreMisconfiguredException, failed.toString());
                assertEquals(2, failed.getCause().getSuppressed().length, "tried three times");
            }
            assertEquals(CircuitState.OPEN, touchy.circuitState());

            proxy.resume();
            Eventually.until("readiness is up again", () -> touchy.status().isUp());
            assertEquals(1, stored(guarded.append(draft(conversation, "after", T0))).offset());
        }
    }

    private Appended append(ConversationId conversation) {
        return store.append(draft(conversation, "m" + ids.incrementAndGet(), T0));
    }
}

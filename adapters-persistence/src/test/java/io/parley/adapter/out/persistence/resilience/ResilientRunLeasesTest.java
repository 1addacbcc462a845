package io.parley.adapter.out.persistence.resilience;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.parley.adapter.common.resilience.CircuitState;
import io.parley.adapter.out.persistence.memory.InMemoryConversationStore;
import io.parley.application.port.out.PurgeMessagesPort;
import io.parley.application.port.out.RunLeasePort;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.run.RunId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run leases behind the store's fault tolerance: the idempotent calls are retried, {@code takeExpired} is not;
 * and the leases share the store's circuit breaker.
 */
class ResilientRunLeasesTest {
    private static final ResilienceSettings FAST = new ResilienceSettings(2, Duration.ofMillis(10),
            Duration.ofSeconds(3), 3, Duration.ofMinutes(10));
    private static final ConversationId CONVERSATION = new ConversationId("c");
    private static final RunId RUN = new RunId("r");
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final RunLeasePort.RunLease LEASE = new RunLeasePort.RunLease(CONVERSATION, RUN,
            new UserId("alice"), "node-1", T0.plusSeconds(30));

    private final ResilientConversationStore store = new ResilientConversationStore(new InMemoryConversationStore(),
            (policy, now) -> new PurgeMessagesPort.Purged(0, List.of()), () -> { }, FAST);
    private final Flaky flaky = new Flaky();
    private final RunLeasePort leases = store.guard(flaky);

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theIdempotentCallsAreRetriedAfterAPassingFailure() {
        flaky.failures = 1;
        assertEquals(new RunLeasePort.Acquisition.Acquired(Optional.empty()), leases.acquire(LEASE, T0));
        assertEquals(2, flaky.calls.getAndSet(0));
        flaky.failures = 1;
        assertTrue(leases.renew(CONVERSATION, RUN, T0.plusSeconds(60)));
        assertEquals(2, flaky.calls.getAndSet(0));
        flaky.failures = 1;
        leases.release(CONVERSATION, RUN);
        assertEquals(2, flaky.calls.getAndSet(0));
        flaky.failures = 1;
        assertEquals(Optional.of(LEASE), leases.leaseOf(RUN));
        assertEquals(2, flaky.calls.get());
        assertEquals(CircuitState.CLOSED, store.circuitState());
    }

    @Test
    void takingExpiredLeasesIsTriedOnceForARepeatWouldLoseWhatTheFirstTook() {
        flaky.failures = 1;
        assertThrows(StoreUnavailableException.class, () -> leases.takeExpired(T0, 10));
        assertEquals(1, flaky.calls.getAndSet(0));
        assertEquals(List.of(LEASE), leases.takeExpired(T0, 10));
    }

    @Test
    void failingLeasesOpenTheStoresCircuitAndAnOpenCircuitRefusesThemUntried() {
        flaky.failures = Integer.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            assertThrows(StoreUnavailableException.class, () -> leases.takeExpired(T0, 10));
        }
        assertEquals(CircuitState.OPEN, store.circuitState());
        int calls = flaky.calls.get();
        StoreUnavailableException refused = assertThrows(StoreUnavailableException.class,
                () -> leases.acquire(LEASE, T0));
        assertTrue(refused.getMessage().contains("not tried"), refused.getMessage());
        assertEquals(calls, flaky.calls.get());
        assertThrows(StoreUnavailableException.class, () -> store.latestOffset(CONVERSATION), "the store's too");
    }

    @Test
    void aCallersMistakeIsNeitherRetriedNorCounted() {
        flaky.mistake = true;
        assertThrows(IllegalArgumentException.class, () -> leases.renew(CONVERSATION, RUN, T0));
        assertEquals(1, flaky.calls.get());
        assertEquals(CircuitState.CLOSED, store.circuitState());
    }

    /** Leases that fail the next {@code failures} calls as unavailable, or every call as a caller's mistake. */
    private static final class Flaky implements RunLeasePort {
        private final AtomicInteger calls = new AtomicInteger();
        private volatile int failures;
        private volatile boolean mistake;

        @Override
        public Acquisition acquire(RunLease lease, Instant now) {
            return answer(() -> new Acquisition.Acquired(Optional.empty()));
        }

        @Override
        public boolean renew(ConversationId conversation, RunId run, Instant expiresAt) {
            return answer(() -> true);
        }

        @Override
        public void release(ConversationId conversation, RunId run) {
            answer(() -> null);
        }

        @Override
        public Optional<RunLease> leaseOf(RunId run) {
            return answer(() -> Optional.of(LEASE));
        }

        @Override
        public List<RunLease> takeExpired(Instant now, int limit) {
            return answer(() -> List.of(LEASE));
        }

        private <T> T answer(Supplier<T> answer) {
            calls.incrementAndGet();
            if (mistake) {
                throw new IllegalArgumentException("a value the store cannot hold");
            }
            if (failures > 0) {
                failures--;
                throw new StoreUnavailableException("down for now", Duration.ofSeconds(1), null);
            }
            return answer.get();
        }
    }
}

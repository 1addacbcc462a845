package io.parley.adapter.out.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.parley.adapter.out.cluster.TestCluster.Node;
import io.parley.application.port.out.PresencePort.Departure;
import io.parley.application.port.out.PresencePort.Present;
import io.parley.application.testing.Eventually;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Presence across nodes on the test Redis ({@code PARLEY_TEST_REDIS_URL}): first and last anywhere, a dead
 * node's users departing (reported by one node alone), an earlier run's leftovers.
 */
class RedisPresenceClusterTest {
    static final UserId ALICE = new UserId("alice");
    static final UserId BOB = new UserId("bob");
    static final UserId CAROL = new UserId("carol");

    private TestCluster cluster;
    private ConversationId c;
    private ConversationId d;

    @BeforeEach
    void cluster() {
        cluster = TestCluster.onTestRedis();
        c = new ConversationId("c-" + UUID.randomUUID());
        d = new ConversationId("d-" + UUID.randomUUID());
    }

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static ConnectionId connection(String id) {
        return new ConnectionId(id);
    }

    @Test
    void aUserArrivesWithTheFirstConnectionAnywhereAndDepartsWithTheLast() {
        Node a = cluster.node("a");
        Node b = cluster.node("b");
        assertTrue(a.presence().arrived(c, ALICE, connection("1")));
        assertFalse(b.presence().arrived(c, ALICE, connection("1")), "the same connection id on another node");
        assertFalse(b.presence().arrived(c, ALICE, connection("2")));
        assertTrue(b.presence().arrived(c, BOB, connection("3")));
        assertEquals(List.of(new Present(ALICE, 3), new Present(BOB, 1)), a.presence().present(c, 10));
        assertEquals(a.presence().present(c, 10), b.presence().present(c, 10), "every node sees the same");
        assertFalse(a.presence().departed(c, ALICE, connection("1")));
        assertFalse(a.presence().departed(c, ALICE, connection("2")), "b's connection, not a's");
        assertFalse(b.presence().departed(c, ALICE, connection("1")));
        assertTrue(b.presence().departed(c, ALICE, connection("2")), "the last one anywhere");
        assertEquals(List.of(new Present(BOB, 1)), a.presence().present(c, 10));
    }

    @Test
    void whenNodesRaceOneArrivalIsFirstAndOneDepartureIsLast() throws Exception {
        List<Node> nodes = List.of(cluster.node("a"), cluster.node("b"), cluster.node("c"));
        AtomicInteger firsts = new AtomicInteger();
        AtomicInteger lasts = new AtomicInteger();
        try (ExecutorService threads = Executors.newFixedThreadPool(6)) {
            List<CompletableFuture<Void>> work = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Node node = nodes.get(i % 3);
                ConnectionId id = connection("k" + i);
                work.add(CompletableFuture.runAsync(() -> {
                    if (node.presence().arrived(c, ALICE, id)) {
                        firsts.incrementAndGet();
                    }
                }, threads));
            }
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get();
            assertEquals(List.of(new Present(ALICE, 30)), nodes.getFirst().presence().present(c, 10));
            work.clear();
            for (int i = 0; i < 30; i++) {
                Node node = nodes.get(i % 3);
                ConnectionId id = connection("k" + i);
                work.add(CompletableFuture.runAsync(() -> {
                    if (node.presence().departed(c, ALICE, id)) {
                        lasts.incrementAndGet();
                    }
                }, threads));
            }
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get();
        }
        assertEquals(1, firsts.get());
        assertEquals(1, lasts.get());
        assertEquals(List.of(), nodes.getLast().presence().present(c, 10));
    }

    @Test
    void theUsersOfANodeThatStopsHeartbeatingDepartAndEachIsReportedOnce() throws Exception {
        Node a = cluster.node("a");
        Node b = cluster.node("b");
        Node victim = cluster.node("victim", TestCluster.SHORT);
        a.presence().arrived(c, ALICE, connection("a1"));
        victim.presence().arrived(c, ALICE, connection("v1"));
        victim.presence().arrived(c, BOB, connection("v2"));
        victim.presence().arrived(c, BOB, connection("v3"));
        victim.presence().arrived(c, CAROL, connection("v4"));
        victim.presence().arrived(d, CAROL, connection("v4"));
        victim.stop();

        List<Departure> reported = Collections.synchronizedList(new ArrayList<>());
        Eventually.until("the victim is cleaned", () -> {
            CompletableFuture<List<Departure>> byA = CompletableFuture.supplyAsync(a.presence()::refresh);
            CompletableFuture<List<Departure>> byB = CompletableFuture.supplyAsync(b.presence()::refresh);
            reported.addAll(byA.join());
            reported.addAll(byB.join());
            return sorted(a.liveness().liveNodes()).equals(List.of("a", "b")) && a.liveness().deadNodes().isEmpty();
        });
        assertEquals(Set.of(new Departure(c, BOB), new Departure(c, CAROL), new Departure(d, CAROL)),
                new HashSet<>(reported));
        assertEquals(3, reported.size(), "each once: " + reported);
        assertEquals(List.of(new Present(ALICE, 1)), b.presence().present(c, 10));
        assertEquals(List.of(), b.presence().present(d, 10));
        assertEquals(List.of(), a.presence().refresh(), "nothing more to clean");
        assertTrue(a.presence().departed(c, ALICE, connection("a1")), "alice's last connection is a's");
    }

    @Test
    void aNodeThatIsAliveIsNeverCleaned() {
        Node a = cluster.node("a");
        Node b = cluster.node("b", Duration.ofSeconds(1));
        b.presence().arrived(c, BOB, connection("b1"));
        for (int i = 0; i < 5; i++) {
            b.liveness().heartbeat();
            assertEquals(List.of(), a.presence().refresh());
        }
        assertEquals(List.of(new Present(BOB, 1)), a.presence().present(c, 10));
    }

    @Test
    void aNewRunOfANodeIdDropsWhatTheEarlierRunLeft() {
        Node a = cluster.node("a");
        Node earlier = cluster.node("b");
        earlier.presence().arrived(c, ALICE, connection("1"));
        earlier.presence().arrived(c, BOB, connection("2"));
        a.presence().arrived(c, BOB, connection("3"));
        earlier.stop();

        Node later = cluster.node("b");
        assertEquals(List.of(new Departure(c, ALICE)), later.presence().refresh(), "bob is still on a");
        assertEquals(List.of(new Present(BOB, 1)), a.presence().present(c, 10));
        assertEquals(List.of(), later.presence().refresh());
        assertTrue(later.presence().arrived(c, ALICE, connection("1")), "alice is back, first again");
    }

    static List<String> sorted(List<String> nodes) {
        return nodes.stream().sorted().toList();
    }
}

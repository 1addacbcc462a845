package io.parley.adapter.out.cluster;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.parley.adapter.out.cluster.TestCluster.Node;
import io.parley.adapter.out.cluster.testing.OwnRedis;
import io.parley.application.testing.Eventually;
import io.parley.domain.connection.ClientKey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Client counts across nodes: on the test Redis ({@code PARLEY_TEST_REDIS_URL}) the other live nodes' counts
 * add up and a dead node's stop counting; on a Redis of the test's own, an outage counts nothing elsewhere and
 * the counts are written back when Redis returns.
 */
class RedisClientCountsTest {
    static final ClientKey ALICE = new ClientKey("user:alice");
    static final ClientKey ADDRESS = new ClientKey("ip:192.0.2.7");

    private TestCluster cluster;

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theCountsOfTheOtherLiveNodesAddUp() {
        cluster = TestCluster.onTestRedis();
        Node a = cluster.node("a");
        Node b = cluster.node("b");
        Node c = cluster.node("c");
        a.counts().add(ALICE, 5);
        b.counts().add(ALICE, 2);
        c.counts().add(ALICE, 1);
        c.counts().add(ADDRESS, 1);
        Eventually.until("a sees b's and c's", () -> a.counts().elsewhere(ALICE) == 3);
        assertEquals(6, b.counts().elsewhere(ALICE));
        assertEquals(7, c.counts().elsewhere(ALICE));
        assertEquals(1, a.counts().elsewhere(ADDRESS));
        assertEquals(0, c.counts().elsewhere(ADDRESS), "its own do not count");

        b.counts().add(ALICE, -1);
        b.counts().add(ALICE, -1);
        Eventually.until("b's count went", () -> a.counts().elsewhere(ALICE) == 1);
        assertFalse(a.links().commands().sync().hexists(cluster.prefix() + ":clients:b", ALICE.value()),
                "no field at 0");
        assertEquals(0, b.counts().here(ALICE));
        assertEquals(5, a.counts().here(ALICE));
    }

    @Test
    void aClaimCountsOnTheOtherNodesAsSoonAsItReturns() {
        cluster = TestCluster.onTestRedis();
        Node a = cluster.node("a");
        Node b = cluster.node("b");
        assertEquals(0, a.counts().claim(ALICE));
        assertEquals(1, b.counts().claim(ALICE), "a's claim counts at once, with no waiting");
        assertEquals(1, a.counts().claim(ALICE));
        assertEquals(2, b.counts().elsewhere(ALICE));
        assertEquals(2, a.counts().here(ALICE));
        assertEquals(1, b.counts().here(ALICE));

        a.counts().add(ALICE, -1);
        Eventually.until("a's claim given back", () -> b.counts().elsewhere(ALICE) == 1);
    }

    @Test
    void aClaimWhenRedisForgotTheScriptStillCountsAndIsWrittenBack() {
        try (OwnRedis redis = OwnRedis.start()) {
            cluster = new TestCluster(redis.url());
            Node a = cluster.node("a");
            Node b = cluster.node("b");
            assertEquals(0, b.counts().claim(ALICE));
            a.links().commands().sync().scriptFlush();
            assertEquals(1, a.counts().claim(ALICE), "b's claim, counted by the whole script");
            assertEquals(1, a.counts().here(ALICE));
            Eventually.until("a wrote its counts back", () -> {
                a.liveness().heartbeat();
                return b.counts().elsewhere(ALICE) == 1;
            });
        }
    }

    @Test
    void aDeadNodeStopsCountingAndItsCountsGoWhenItIsCleaned() {
        cluster = TestCluster.onTestRedis();
        Node a = cluster.node("a");
        Node victim = cluster.node("victim", TestCluster.SHORT);
        victim.counts().add(ALICE, 4);
        Eventually.until("a sees the victim's", () -> victim.liveness().heartbeat()
                && a.counts().elsewhere(ALICE) == 4);
        victim.stop();
        Eventually.until("the victim stops counting", () -> a.counts().elsewhere(ALICE) == 0);
        assertTrue(a.links().commands().sync().exists(cluster.prefix() + ":clients:victim") == 1,
                "not cleaned yet");
        a.presence().refresh();
        assertEquals(0, a.links().commands().sync().exists(cluster.prefix() + ":clients:victim"), "cleaned");
    }

    @Test
    void aNewRunOfANodeIdStartsFromNothing() {
        cluster = TestCluster.onTestRedis();
        Node a = cluster.node("a");
        Node earlier = cluster.node("b");
        earlier.counts().add(ALICE, 3);
        Eventually.until("a sees b's", () -> a.counts().elsewhere(ALICE) == 3);
        earlier.stop();
        Node later = cluster.node("b");
        assertEquals(0, a.counts().elsewhere(ALICE));
        later.counts().add(ALICE, 1);
        Eventually.until("a sees the later run's", () -> a.counts().elsewhere(ALICE) == 1);
    }

    @Test
    void whileRedisIsAwayNothingCountsElsewhereAndWhenItReturnsTheCountsAreWrittenBack() {
        try (OwnRedis redis = OwnRedis.start()) {
            cluster = new TestCluster(redis.url());
            Node a = cluster.node("a");
            Node b = cluster.node("b");
            b.counts().add(ALICE, 3);
            Eventually.until("a sees b's", () -> a.counts().elsewhere(ALICE) == 3);

            redis.stop();
            Eventually.until("a notices that Redis is away", () -> !a.links().isOpen());
            assertEquals(0, a.counts().elsewhere(ALICE));
            long start = System.nanoTime();
            b.counts().add(ALICE, 1);
            b.counts().add(ADDRESS, 2);
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(TestCluster.COMMAND_TIMEOUT) < 0,
                    "add does not wait for Redis");
            assertEquals(4, b.counts().here(ALICE));

            redis.restart();
            Eventually.until("b wrote its counts back", () -> {
                a.liveness().heartbeat();
                b.liveness().heartbeat();
                return a.counts().elsewhere(ALICE) == 4;
            });
            assertEquals(2, a.counts().elsewhere(ADDRESS));
            b.counts().add(ALICE, -4);
            Eventually.until("b's later changes count", () -> a.counts().elsewhere(ALICE) == 0);
        }
    }
}

package io.parley.adapter.out.cluster;

import java.util.List;

import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.parley.adapter.out.cluster.TestCluster.Node;
import io.parley.application.testing.Eventually;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Node liveness and the cluster status on the test Redis ({@code PARLEY_TEST_REDIS_URL}). */
class NodeLivenessTest {
    private TestCluster cluster;

    @BeforeEach
    void cluster() {
        cluster = TestCluster.onTestRedis();
    }

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aHeartbeatAnnouncesTheNodeForThePresenceTimeout() {
        Node a = cluster.node("a", TestCluster.SHORT);
        assertTrue(a.liveness().heartbeat());
        RedisCommands<String, String> redis = a.links().commands().sync();
        long ttl = redis.pttl(cluster.prefix() + ":node:a");
        assertTrue(ttl > 0 && ttl <= TestCluster.SHORT.toMillis(), "ttl " + ttl);
        assertTrue(redis.sismember(cluster.prefix() + ":nodes", "a"));
        assertEquals(List.of("a"), a.liveness().liveNodes());
        assertEquals(List.of(), a.liveness().deadNodes());
        assertEquals(0, a.liveness().reannouncements());
        assertEquals(new ClusterStatus.Snapshot("a", true, true, 1), new ClusterStatus(a.links(), a.liveness())
                .snapshot());
    }

    @Test
    void aNodeThatStopsBeatingIsDeadAfterThePresenceTimeoutButNeverToItself() {
        Node a = cluster.node("a");
        Node victim = cluster.node("victim", TestCluster.SHORT);
        assertEquals(List.of("a", "victim"), RedisPresenceClusterTest.sorted(a.liveness().liveNodes()));
        a.liveness().heartbeat();
        assertEquals(2, a.liveness().lastLiveCount());
        Eventually.until("the victim is dead", () -> a.liveness().deadNodes().equals(List.of("victim")));
        assertEquals(List.of("a"), a.liveness().liveNodes());
        assertEquals(List.of(), victim.liveness().deadNodes(), "a node is never dead to itself");
        assertTrue(victim.liveness().heartbeat(), "it beats again");
        assertEquals(1, victim.liveness().reannouncements(), "its key was gone");
        assertEquals(List.of(), a.liveness().deadNodes());
        ClusterStatus status = new ClusterStatus(a.links(), a.liveness());
        victim.liveness().heartbeat();
        a.liveness().heartbeat();
        assertEquals(2, status.liveNodes());
        assertTrue(status.connected());
    }

    @Test
    void aNodeWhoseKeyWasLostAnnouncesItselfAnew() {
        Node a = cluster.node("a");
        a.links().commands().sync().del(cluster.prefix() + ":node:a");
        assertTrue(a.liveness().heartbeat());
        assertEquals(1, a.liveness().reannouncements());
        assertTrue(a.liveness().heartbeat());
        assertEquals(1, a.liveness().reannouncements(), "announced since");
    }

    @Test
    void theStatusOfAStoppedNodeIsDisconnected() {
        Node a = cluster.node("a");
        ClusterStatus status = new ClusterStatus(a.links(), a.liveness());
        a.stop();
        assertFalse(status.connected());
        assertEquals(new ClusterStatus.Snapshot("a", false, false, 0), status.snapshot());
        assertFalse(a.liveness().heartbeat());
    }
}

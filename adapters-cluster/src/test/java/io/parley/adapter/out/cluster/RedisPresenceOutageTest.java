package io.parley.adapter.out.cluster;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.parley.adapter.out.cluster.TestCluster.Node;
import io.parley.adapter.out.cluster.testing.OwnRedis;
import io.parley.application.port.out.PresencePort.Present;
import io.parley.application.testing.Eventually;
import io.parley.domain.conversation.ConversationId;

import static io.parley.adapter.out.cluster.RedisPresenceClusterTest.ALICE;
import static io.parley.adapter.out.cluster.RedisPresenceClusterTest.BOB;
import static io.parley.adapter.out.cluster.RedisPresenceClusterTest.CAROL;
import static io.parley.adapter.out.cluster.RedisPresenceClusterTest.connection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Presence when Redis goes away, on a Redis of the test's own ({@link OwnRedis}): a node answers as if alone
 * meanwhile, and writes its entries back when Redis returns, empty after a restart or with what it had.
 */
class RedisPresenceOutageTest {
    private final ConversationId c = new ConversationId("c-" + UUID.randomUUID());

    @Test
    void afterRedisRestartedEmptyEveryNodeWritesItsEntriesBack() {
        try (OwnRedis redis = OwnRedis.start(); TestCluster cluster = new TestCluster(redis.url())) {
            Node a = cluster.node("a");
            Node b = cluster.node("b");
            a.presence().arrived(c, ALICE, connection("a1"));
            b.presence().arrived(c, BOB, connection("b1"));
            b.presence().arrived(c, ALICE, connection("b2"));
            long generation = a.links().generation();

            redis.restart();
            Eventually.until("both nodes wrote their entries back", () -> {
                a.liveness().heartbeat();
                b.liveness().heartbeat();
                a.presence().refresh();
                b.presence().refresh();
                return a.presence().shared() && b.presence().shared();
            });
            assertTrue(a.links().generation() > generation, "a reconnection counted");
            assertEquals(List.of(new Present(ALICE, 2), new Present(BOB, 1)), a.presence().present(c, 10));
            assertFalse(b.presence().departed(c, ALICE, connection("b2")), "alice is still on a");
            assertTrue(a.presence().departed(c, ALICE, connection("a1")), "her last connection anywhere");
        }
    }

    @Test
    void whileRedisIsAwayANodeAnswersAsIfAloneAndWritesBackWhatChangedMeanwhile() {
        try (OwnRedis redis = OwnRedis.start(); TestCluster cluster = new TestCluster(redis.url())) {
            Node a = cluster.node("a");
            a.presence().arrived(c, ALICE, connection("a1"));
            a.presence().arrived(c, CAROL, connection("a3"));

            redis.stop();
            Eventually.until("a notices that Redis is away", () -> !a.links().isOpen());
            assertTrue(a.presence().arrived(c, BOB, connection("a2")), "first here: as if alone");
            assertFalse(a.presence().arrived(c, BOB, connection("a4")));
            assertTrue(a.presence().departed(c, ALICE, connection("a1")));
            assertEquals(List.of(new Present(BOB, 2), new Present(CAROL, 1)), a.presence().present(c, 10));
            assertEquals(List.of(), a.presence().refresh());
            assertFalse(a.liveness().heartbeat());

            redis.restart();
            Eventually.until("a wrote its entries back", () -> {
                a.liveness().heartbeat();
                a.presence().refresh();
                return a.presence().shared();
            });
            Node b = cluster.node("b");
            assertEquals(List.of(new Present(BOB, 2), new Present(CAROL, 1)), b.presence().present(c, 10));
        }
    }

    @Test
    void commandsThatTimeOutLeaveTheNodeAloneUntilItsNextRefreshWritesItsEntriesBack() {
        try (OwnRedis redis = OwnRedis.start(); TestCluster cluster = new TestCluster(redis.url())) {
            Node a = cluster.node("a");
            Node b = cluster.node("b");
            RedisLinks admin = cluster.links("admin");
            a.presence().arrived(c, ALICE, connection("a1"));
            b.presence().arrived(c, CAROL, connection("b1"));

            admin.commands().sync().clientPause(3 * TestCluster.COMMAND_TIMEOUT.toMillis());
            assertTrue(a.presence().departed(c, ALICE, connection("a1")), "timed out: a's own answer");
            assertFalse(a.presence().shared());
            assertTrue(a.presence().arrived(c, BOB, connection("a2")), "alone until the next refresh");
            assertTrue(a.presence().arrived(c, CAROL, connection("a3")), "carol is on b, which a cannot see now");

            Eventually.until("a wrote its entries back", () -> {
                a.presence().refresh();
                return a.presence().shared();
            });
            assertEquals(List.of(new Present(BOB, 1), new Present(CAROL, 2)), b.presence().present(c, 10));
            assertFalse(a.presence().departed(c, CAROL, connection("a3")), "carol is still on b");
        }
    }
}

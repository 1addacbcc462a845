package io.parley.adapter.out.cluster;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.parley.adapter.out.cluster.testing.OwnRedis;
import io.parley.application.port.in.DeliverLocallyUseCase;
import io.parley.application.port.out.FanoutPort.Reach;
import io.parley.application.testing.Eventually;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Role;
import io.parley.domain.protocol.Exclusions;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.run.RunId;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The fan-out between nodes on a Redis of the test's own: what one node publishes reaches the others once, and
 * what pub/sub may have lost (a node away from Redis, a publish Redis did not take) makes the nodes concerned read
 * the store.
 */
class RedisFanoutTest {
    private static final ConversationId ROOM = new ConversationId("room");
    private static final ServerEvent HELLO = new ServerEvent.Relayed(ROOM, "{\"type\":\"CUSTOM\"}");

    @Test
    void whatOneNodePublishesReachesItsOwnMembersOnceAndEveryOtherNodeOnce() {
        try (OwnRedis redis = OwnRedis.start(); TestCluster cluster = new TestCluster(redis.url());
             Fanout a = new Fanout(cluster, "a"); Fanout b = new Fanout(cluster, "b")) {
            a.fanout.publish(ROOM, HELLO);
            a.fanout.membershipChanged(ROOM, new UserId("bob"), Optional.empty());

            Eventually.until("b got both", () -> b.inbound.delivered.size() == 2);
            assertEquals(List.of("room:" + HELLO, "left:room:bob"), b.inbound.delivered);
            assertEquals(List.of("room:" + HELLO, "left:room:bob"), a.inbound.delivered, "once, not back from Redis");
        }
    }

    @Test
    void aNodeSubscribedAgainAfterRedisRestartedReadsWhatItMissedFromTheStore() {
        try (OwnRedis redis = OwnRedis.start(); TestCluster cluster = new TestCluster(redis.url());
             Fanout b = new Fanout(cluster, "b")) {
            assertEquals(0, b.inbound.catchUps.get(), "nothing to catch up at the start");

            redis.stop();
            Eventually.until("b sees Redis gone", () -> b.fanout.reach() == Reach.DEGRADED);
            redis.restart();

            Eventually.until("b subscribed again and read the store", () -> b.inbound.catchUps.get() >= 1);
            assertEquals(Reach.CLUSTER, b.fanout.reach());
        }
    }

    @Test
    void aPublishRedisDidNotTakeMakesTheOtherNodesReadTheStoreOnceItAnswersAgain() {
        try (OwnRedis redis = OwnRedis.start(); TestCluster cluster = new TestCluster(redis.url());
             RedisLinks admin = cluster.links("admin");
             Fanout a = new Fanout(cluster, "a"); Fanout b = new Fanout(cluster, "b")) {
            // Redis holds every write (PUBLISH among them) longer than a's command timeout; nobody's link drops
            admin.commands().sync().clientPause(4 * TestCluster.COMMAND_TIMEOUT.toMillis());
            a.fanout.publish(ROOM, HELLO);

            Eventually.until("b was asked to read the store", () -> b.inbound.catchUps.get() >= 1);
            assertEquals(0, a.inbound.catchUps.get(), "a itself missed nothing");
        }
    }

    /** A fan-out and what it handed to its node. */
    private static final class Fanout implements AutoCloseable {
        final Recorder inbound = new Recorder();
        final RedisFanout fanout;

        Fanout(TestCluster cluster, String node) {
            fanout = new RedisFanout(cluster.links(node), inbound);
        }

        @Override
        public void close() {
            fanout.close();
        }
    }

    /** This node's delivery, as the fan-out calls it. */
    private static final class Recorder implements DeliverLocallyUseCase {
        final List<String> delivered = new CopyOnWriteArrayList<>();
        final AtomicInteger catchUps = new AtomicInteger();

        @Override
        public int deliverLocally(ConversationId conversation, ServerEvent event) {
            delivered.add(conversation.value() + ":" + event);
            return 1;
        }

        @Override
        public int deliverToUserLocally(UserId user, ServerEvent event) {
            delivered.add("user:" + user.value() + ":" + event);
            return 1;
        }

        @Override
        public int deliverToEveryoneLocally(ServerEvent event, Exclusions exclusions) {
            delivered.add("everyone:" + event);
            return 1;
        }

        @Override
        public void membershipChangedLocally(ConversationId conversation, UserId user, Optional<Role> role) {
            delivered.add((role.isPresent() ? "role:" : "left:") + conversation.value() + ":" + user.value());
        }

        @Override
        public void conversationDeletedLocally(ConversationId conversation) {
            delivered.add("deleted:" + conversation.value());
        }

        @Override
        public void cancelRunLocally(RunId run) {
            delivered.add("cancel:" + run.value());
        }

        @Override
        public void catchUpFromStore() {
            catchUps.incrementAndGet();
        }
    }
}

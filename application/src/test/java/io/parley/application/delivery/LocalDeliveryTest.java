package io.parley.application.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.parley.application.testing.Connections;
import io.parley.application.testing.RecordingTransport;
import io.parley.application.testing.StoreStub;
import io.parley.application.testing.TextEncoder;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Role;
import io.parley.domain.protocol.Exclusions;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.testing.MutableClock;

import static io.parley.application.testing.Messages.posted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * This node's delivery beyond conversations' messages: a user's connections, every connection, and membership
 * changes applied to the live subscriptions at once.
 */
class LocalDeliveryTest {
    private static final ConversationId ROOM = new ConversationId("room");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final TextEncoder encoder = new TextEncoder();
    private final Traffic traffic = new Traffic();
    private final LocalDelivery delivery = new LocalDelivery(registry, encoder, new StoreStub(),
            MutableClock.atEpoch(), Duration.ofSeconds(2));

    @Test
    void aRemovedMemberGetsLeftAndNothingMoreWhileTheOthersGoOn() {
        RecordingTransport alice = joined("c1", "alice", Role.OWNER);
        RecordingTransport bob = joined("c2", "bob", Role.MEMBER);
        RecordingTransport bobsPhone = joined("c3", "bob", Role.MEMBER);

        delivery.membershipChanged(ROOM, new UserId("bob"), Optional.empty());
        delivery.publish(ROOM, posted(1));

        assertEquals(List.of(posted(1)), alice.events());
        for (RecordingTransport gone : List.of(bob, bobsPhone)) {
            assertEquals(List.of(ServerEvent.Left.removed(ROOM)), gone.events());
        }
        assertTrue(registry.connectionsOf(new UserId("bob")).stream().allMatch(c -> c.subscription(ROOM).isEmpty()));
    }

    @Test
    void aDemotedMemberIsToldItsRoleStaysJoinedAndItsSubscriptionHasTheNewRole() {
        joined("c1", "alice", Role.OWNER);
        RecordingTransport bob = joined("c2", "bob", Role.MEMBER);

        delivery.membershipChanged(ROOM, new UserId("bob"), Optional.of(Role.VIEWER));
        delivery.publish(ROOM, posted(1));

        assertEquals(List.of(new ServerEvent.RoleChanged(ROOM, Role.VIEWER), posted(1)), bob.events());
        LiveConnection connection = registry.connectionsOf(new UserId("bob")).iterator().next();
        assertEquals(Role.VIEWER, connection.subscription(ROOM).orElseThrow().role());
    }

    @Test
    void aDeletedConversationsMembersAreToldAndUnsubscribed() {
        RecordingTransport alice = joined("c1", "alice", Role.OWNER);
        RecordingTransport bob = joined("c2", "bob", Role.MEMBER);

        delivery.conversationDeleted(ROOM);
        delivery.publish(ROOM, posted(1));

        assertEquals(List.of(new ServerEvent.Deleted(ROOM)), alice.events());
        assertEquals(List.of(new ServerEvent.Deleted(ROOM)), bob.events());
        assertEquals(0, registry.conversationCount());
    }

    @Test
    void aUserPushReachesEveryConnectionOfThatUserAndABroadcastAllButTheExcluded() {
        RecordingTransport alice = register("c1", "alice");
        RecordingTransport alicesPhone = register("c2", "alice");
        RecordingTransport bob = register("c3", "bob");
        RecordingTransport carol = register("c4", "carol");
        ServerEvent alert = new ServerEvent.UserPushed(new UserId("alice"), "{\"type\":\"CUSTOM\"}");
        ServerEvent news = new ServerEvent.Broadcast("{\"type\":\"CUSTOM\",\"name\":\"news\"}");

        assertEquals(2, delivery.deliverToUserLocally(new UserId("alice"), alert));
        assertEquals(1, delivery.deliverToEveryoneLocally(news,
                new Exclusions(Set.of(new UserId("alice")), Set.of(new ConnectionId("c4")))));

        assertEquals(List.of(alert), alice.events());
        assertEquals(List.of(alert), alicesPhone.events());
        assertEquals(List.of(news), bob.events());
        assertEquals(List.of(), carol.events());
    }

    private RecordingTransport joined(String id, String user, Role role) {
        RecordingTransport out = new RecordingTransport();
        LiveConnection connection = Connections.register(registry, id, user, out, encoder, traffic, T0);
        registry.subscribe(connection, ROOM, role, () -> 0).orElseThrow().goLive(0);
        return out;
    }

    private RecordingTransport register(String id, String user) {
        RecordingTransport out = new RecordingTransport();
        Connections.register(registry, id, user, out, encoder, traffic, T0);
        return out;
    }
}

package io.parley.application.delivery;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.parley.application.port.out.ClientCountsPort;
import io.parley.application.testing.Connections;
import io.parley.application.testing.RecordingTransport;
import io.parley.application.testing.TextEncoder;
import io.parley.domain.connection.AdmissionDecision;
import io.parley.domain.connection.ClientAddress;
import io.parley.domain.connection.ClientKey;
import io.parley.domain.connection.CloseCode;
import io.parley.domain.connection.CloseReason;
import io.parley.domain.connection.ConnectionLimits;
import io.parley.domain.connection.UpgradeRefusal;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Role;

import static io.parley.application.testing.Messages.ROOM;
import static io.parley.application.testing.Messages.T0;
import static io.parley.application.testing.Messages.offsets;
import static io.parley.application.testing.Messages.posted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The delivery core: connections, places, conversations' subscribers and the order their messages go out in. */
class ConnectionRegistryTest {

    private static final ClientKey HOME = ClientKey.ofAddress(new ClientAddress("127.0.0.1"));

    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final TextEncoder encoder = new TextEncoder();
    private final Traffic traffic = new Traffic();

    @Test
    void deliversToEveryConnectionOfAConversationAndSaysHowMany() {
        RecordingTransport a = new RecordingTransport();
        RecordingTransport b = new RecordingTransport();
        RecordingTransport outsider = new RecordingTransport();
        join(register("c1", "alice", a), ROOM);
        join(register("c2", "bob", b), ROOM);
        register("c3", "carol", outsider);

        int reached = registry.deliverToConversation(ROOM, encoder.encode(posted(1)), T0);

        assertEquals(2, reached);
        assertEquals(List.of(posted(1)), a.events());
        assertEquals(List.of(posted(1)), b.events());
        assertEquals(List.of(), outsider.events());
        assertEquals(1, encoder.encoded(), "encoded once for all receivers");
    }

    @Test
    void aConnectionThatIsClosingIsNotCounted() {
        LiveConnection closing = register("c1", "alice", new RecordingTransport());
        join(closing, ROOM);
        join(register("c2", "bob", new RecordingTransport()), ROOM);
        closing.close(CloseReason.of(CloseCode.NORMAL, "bye"));
        assertEquals(1, registry.deliverToConversation(ROOM, encoder.encode(posted(1)), T0));
    }

    @Test
    void countsConnectionsConversationsAndUsers() {
        join(register("c1", "alice", new RecordingTransport()), ROOM);
        join(register("c2", "alice", new RecordingTransport()), new ConversationId("other"));
        join(register("c3", "bob", new RecordingTransport()), ROOM);
        assertEquals(3, registry.connectionCount());
        assertEquals(2, registry.conversationCount());
        assertEquals(2, registry.userCount());
    }

    @Test
    void keepsNothingOfAConnectionOnceItIsUnregistered() {
        LiveConnection alice = register("c1", "alice", new RecordingTransport());
        join(alice, ROOM);
        join(alice, new ConversationId("other"));

        assertTrue(registry.unregister(alice.id()).isPresent());

        assertEquals(0, registry.connectionCount());
        assertEquals(0, registry.conversationCount());
        assertEquals(0, registry.userCount());
        assertFalse(registry.hasSubscribers(ROOM));
        assertEquals(0, registry.deliverToConversation(ROOM, encoder.encode(posted(1)), T0));
        assertTrue(registry.unregister(alice.id()).isEmpty(), "only the first unregister counts");
        assertTrue(registry.subscribe(alice, ROOM, Role.MEMBER, () -> 0).isEmpty(), "a closed connection joins nothing");
        assertEquals(0, registry.conversationCount());
    }

    @Test
    void reservesPlacesWithinTheLimitsAndGivesThemBack() {
        ConnectionLimits limits = new ConnectionLimits(3, 2, 100, Duration.ofSeconds(1));
        ClientKey alice = ClientKey.ofUser(new UserId("alice"));
        assertInstanceOf(AdmissionDecision.Admit.class, registry.reserve(alice, HOME, limits));
        assertInstanceOf(AdmissionDecision.Admit.class, registry.reserve(alice, HOME, limits));
        assertInstanceOf(AdmissionDecision.Refuse.class, registry.reserve(alice, HOME, limits));
        assertInstanceOf(AdmissionDecision.Admit.class, registry.reserve(ClientKey.ofUser(new UserId("b")), HOME,
                limits));
        assertInstanceOf(AdmissionDecision.Refuse.class, registry.reserve(ClientKey.ofUser(new UserId("c")), HOME,
                limits));
        registry.release(alice, HOME);
        assertEquals(2, registry.reservedPlaces());
        assertInstanceOf(AdmissionDecision.Admit.class, registry.reserve(alice, HOME, limits));
        registry.startDraining();
        assertInstanceOf(AdmissionDecision.Refuse.class, registry.reserve(ClientKey.ofUser(new UserId("d")), HOME,
                limits));
    }

    @Test
    void aPlaceIsClaimedOnTheClusterBeforeTheDecisionAndAClaimRefusedIsGivenBack() {
        SharedCounts cluster = new SharedCounts();
        ConnectionRegistry here = new ConnectionRegistry(cluster);
        ConnectionLimits limits = new ConnectionLimits(100, 2, 100, Duration.ofSeconds(1));
        ClientKey alice = ClientKey.ofUser(new UserId("alice"));
        cluster.others.put(alice, 1);

        assertInstanceOf(AdmissionDecision.Admit.class, here.reserve(alice, HOME, limits));
        assertEquals(1, cluster.claimed(alice), "claimed, and kept");
        AdmissionDecision.Refuse refused = assertInstanceOf(AdmissionDecision.Refuse.class,
                here.reserve(alice, HOME, limits));
        assertEquals(UpgradeRefusal.TOO_MANY_FOR_CLIENT, refused.refusal());
        assertEquals(1, cluster.claimed(alice), "the refused claim given back");

        ClientKey bob = ClientKey.ofUser(new UserId("bob"));
        cluster.others.put(bob, 2);
        assertInstanceOf(AdmissionDecision.Refuse.class, here.move(alice, bob, limits));
        assertEquals(0, cluster.claimed(bob));
        assertEquals(1, cluster.claimed(alice), "a refused move keeps its place");
        cluster.others.put(bob, 1);
        assertInstanceOf(AdmissionDecision.Admit.class, here.move(alice, bob, limits));
        assertEquals(Map.of(bob, 1), cluster.claims);

        here.release(bob, HOME);
        assertEquals(Map.of(), cluster.claims);
    }

    /** What the cluster counts: this node's claims, and fixed counts on the other nodes. */
    private static final class SharedCounts implements ClientCountsPort {
        final Map<ClientKey, Integer> others = new HashMap<>();
        final Map<ClientKey, Integer> claims = new HashMap<>();

        @Override
        public int claim(ClientKey client) {
            add(client, 1);
            return others.getOrDefault(client, 0);
        }

        @Override
        public void add(ClientKey client, int delta) {
            claims.merge(client, delta, (a, b) -> a + b == 0 ? null : a + b);
        }

        int claimed(ClientKey client) {
            return claims.getOrDefault(client, 0);
        }
    }

    @Test
    void anAddressHoldsAtMostItsShareWhateverUsersItClaimsAndAPlaceMovesToItsUser() {
        ConnectionLimits limits = new ConnectionLimits(100, 2, 3, Duration.ofSeconds(1));
        for (String user : List.of("u1", "u2", "u3")) {
            assertInstanceOf(AdmissionDecision.Admit.class, registry.reserve(ClientKey.ofUser(new UserId(user)), HOME,
                    limits));
        }
        AdmissionDecision.Refuse refused = assertInstanceOf(AdmissionDecision.Refuse.class,
                registry.reserve(ClientKey.ofUser(new UserId("u4")), HOME, limits));
        assertEquals(UpgradeRefusal.TOO_MANY_FOR_ADDRESS, refused.refusal());

        ClientKey elsewhere = ClientKey.ofAddress(new ClientAddress("10.0.0.9"));
        ClientKey erin = ClientKey.ofUser(new UserId("erin"));
        registry.reserve(erin, elsewhere, limits);
        registry.reserve(elsewhere, elsewhere, limits);
        assertInstanceOf(AdmissionDecision.Admit.class, registry.move(elsewhere, erin, limits), "erin's second");
        registry.reserve(elsewhere, elsewhere, limits);
        assertInstanceOf(AdmissionDecision.Refuse.class, registry.move(elsewhere, erin, limits), "erin holds two");
    }

    @Test
    void deliversAConversationsMessagesInOffsetOrderWhateverOrderTheyArePublishedIn() {
        RecordingTransport a = new RecordingTransport();
        join(register("c1", "alice", a), ROOM);
        for (long offset : new long[] {3, 1, 2, 2, 5, 4}) {
            registry.deliverToConversation(ROOM, encoder.encode(posted(offset)), T0);
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), offsets(a));
    }

    @Test
    void aCatchingUpSubscriptionHoldsLiveEventsAndDropsWhatTheClientAlreadyKnows() {
        RecordingTransport a = new RecordingTransport();
        LiveConnection alice = register("c1", "alice", a);
        Subscription subscription = registry.subscribe(alice, ROOM, Role.MEMBER, () -> 0).orElseThrow();
        registry.deliverToConversation(ROOM, encoder.encode(posted(1)), T0);
        registry.deliverToConversation(ROOM, encoder.encode(posted(2)), T0);
        assertEquals(List.of(), a.events(), "held while catching up");

        subscription.goLive(1);
        registry.deliverToConversation(ROOM, encoder.encode(posted(3)), T0);

        assertEquals(List.of(2L, 3L), offsets(a));
    }

    private LiveConnection register(String id, String user, RecordingTransport transport) {
        return Connections.register(registry, id, user, transport, encoder, traffic, T0);
    }

    private void join(LiveConnection connection, ConversationId conversation) {
        registry.subscribe(connection, conversation, Role.MEMBER, () -> 0).orElseThrow().goLive(0);
    }
}

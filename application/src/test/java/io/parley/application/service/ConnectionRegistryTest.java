package io.parley.application.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.parley.application.testing.RecordingOutbound;
import io.parley.application.testing.TextEncoder;
import io.parley.domain.connection.AdmissionDecision;
import io.parley.domain.connection.ClientAddress;
import io.parley.domain.connection.ClientKey;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.ConnectionInfo;
import io.parley.domain.connection.ConnectionLimits;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.Role;
import io.parley.domain.protocol.ServerEvent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionRegistryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ConversationId ROOM = new ConversationId("room");

    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final TextEncoder encoder = new TextEncoder();
    private final Traffic traffic = new Traffic();

    @Test
    void deliversToOneConnection() {
        RecordingOutbound alice = new RecordingOutbound();
        register("c1", "alice", alice);
        assertTrue(registry.deliverTo(new ConnectionId("c1"), encoder.encode(new ServerEvent.Ping())));
        assertFalse(registry.deliverTo(new ConnectionId("nobody"), encoder.encode(new ServerEvent.Ping())));
        assertEquals(List.of(new ServerEvent.Ping()), alice.events());
    }

    @Test
    void deliversToEveryConnectionOfAConversationAndSaysHowMany() {
        RecordingOutbound a = new RecordingOutbound();
        RecordingOutbound b = new RecordingOutbound();
        RecordingOutbound outsider = new RecordingOutbound();
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
    void aConnectionThatCannotTakeAFrameIsNotCounted() {
        RecordingOutbound full = new RecordingOutbound();
        full.answer(io.parley.application.port.out.ConnectionOutboundPort.Offer.OVERFLOWED);
        join(register("c1", "alice", full), ROOM);
        join(register("c2", "bob", new RecordingOutbound()), ROOM);
        assertEquals(1, registry.deliverToConversation(ROOM, encoder.encode(posted(1)), T0));
    }

    @Test
    void broadcastsToAllButTheExcluded() {
        RecordingOutbound a = new RecordingOutbound();
        RecordingOutbound b = new RecordingOutbound();
        register("c1", "alice", a);
        register("c2", "bob", b);
        assertEquals(1, registry.broadcast(encoder.encode(new ServerEvent.Ping()), Set.of(new ConnectionId("c1"))));
        assertEquals(List.of(), a.events());
        assertEquals(List.of(new ServerEvent.Ping()), b.events());
    }

    @Test
    void countsConnectionsConversationsAndUsers() {
        join(register("c1", "alice", new RecordingOutbound()), ROOM);
        join(register("c2", "alice", new RecordingOutbound()), new ConversationId("other"));
        join(register("c3", "bob", new RecordingOutbound()), ROOM);
        assertEquals(3, registry.connectionCount());
        assertEquals(2, registry.conversationCount());
        assertEquals(2, registry.userCount());
        assertEquals(2, registry.connectionsOf(new UserId("alice")));
    }

    @Test
    void knowsHowLongEachConnectionHasBeenIdle() {
        LiveConnection alice = register("c1", "alice", new RecordingOutbound());
        alice.requestReceived(T0.plusSeconds(5));
        assertEquals(Duration.ofSeconds(7), registry.idleTime(alice.id(), T0.plusSeconds(12)).orElseThrow());
        assertTrue(registry.idleTime(new ConnectionId("gone"), T0).isEmpty());
    }

    @Test
    void keepsNothingOfAConnectionOnceItIsUnregistered() {
        LiveConnection alice = register("c1", "alice", new RecordingOutbound());
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
        ConnectionLimits limits = new ConnectionLimits(3, 2, Duration.ofSeconds(1));
        ClientKey alice = ClientKey.ofUser(new UserId("alice"));
        assertInstanceOf(AdmissionDecision.Admit.class, registry.reserve(alice, limits, false));
        assertInstanceOf(AdmissionDecision.Admit.class, registry.reserve(alice, limits, false));
        assertInstanceOf(AdmissionDecision.Refuse.class, registry.reserve(alice, limits, false));
        assertInstanceOf(AdmissionDecision.Admit.class, registry.reserve(ClientKey.ofUser(new UserId("b")), limits, false));
        assertInstanceOf(AdmissionDecision.Refuse.class, registry.reserve(ClientKey.ofUser(new UserId("c")), limits, false));
        registry.release(alice);
        assertEquals(2, registry.reservedPlaces());
        assertInstanceOf(AdmissionDecision.Admit.class, registry.reserve(alice, limits, false));
    }

    @Test
    void deliversAConversationsMessagesInOffsetOrderWhateverOrderTheyArePublishedIn() {
        RecordingOutbound a = new RecordingOutbound();
        join(register("c1", "alice", a), ROOM);
        for (long offset : new long[] {3, 1, 2, 2, 5, 4}) {
            registry.deliverToConversation(ROOM, encoder.encode(posted(offset)), T0);
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), offsets(a));
    }

    @Test
    void aCatchingUpSubscriptionHoldsLiveEventsAndDropsWhatTheClientAlreadyKnows() {
        RecordingOutbound a = new RecordingOutbound();
        LiveConnection alice = register("c1", "alice", a);
        Subscription subscription = registry.subscribe(alice, ROOM, Role.MEMBER, () -> 0).orElseThrow();
        registry.deliverToConversation(ROOM, encoder.encode(posted(1)), T0);
        registry.deliverToConversation(ROOM, encoder.encode(posted(2)), T0);
        assertEquals(List.of(), a.events(), "held while catching up");

        subscription.goLive(1);
        registry.deliverToConversation(ROOM, encoder.encode(posted(3)), T0);

        assertEquals(List.of(2L, 3L), offsets(a));
    }

    private LiveConnection register(String id, String user, RecordingOutbound outbound) {
        LiveConnection connection = new LiveConnection(new ConnectionInfo(new ConnectionId(id), new UserId(user),
                new ClientAddress("127.0.0.1"), T0), ClientKey.ofUser(new UserId(user)), outbound, traffic);
        registry.register(connection);
        return connection;
    }

    private void join(LiveConnection connection, ConversationId conversation) {
        registry.subscribe(connection, conversation, Role.MEMBER, () -> 0).orElseThrow().goLive(0);
    }

    static ServerEvent.MessagePosted posted(long offset) {
        return new ServerEvent.MessagePosted(new Message(ROOM, offset, new MessageId("m" + offset), MessageRole.USER,
                new UserId("alice"), "text " + offset, T0, null));
    }

    static List<Long> offsets(RecordingOutbound outbound) {
        return outbound.events(ServerEvent.MessagePosted.class).stream().map(p -> p.message().offset()).toList();
    }
}

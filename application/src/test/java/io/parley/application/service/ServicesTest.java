package io.parley.application.service;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import io.parley.application.port.in.Admission;
import io.parley.application.port.in.AdmitConnectionCommand;
import io.parley.application.port.in.ConnectionTicket;
import io.parley.application.port.in.RequestAdmission;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.IdGeneratorPort;
import io.parley.application.port.out.IdentityPort;
import io.parley.application.port.out.RateLimitPort;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.application.testing.RecordingOutbound;
import io.parley.application.testing.SequentialIds;
import io.parley.application.testing.StoreStub;
import io.parley.application.testing.TextEncoder;
import io.parley.domain.connection.ClientAddress;
import io.parley.domain.connection.CloseCode;
import io.parley.domain.connection.CloseReason;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.ConnectionLimits;
import io.parley.domain.connection.OriginPolicy;
import io.parley.domain.connection.Refusal;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.JoinPolicy;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.Role;
import io.parley.domain.heartbeat.HeartbeatPolicy;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.Recovery;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.ratelimit.RateDecision;
import io.parley.domain.ratelimit.RateLimit;
import io.parley.domain.testing.MutableClock;

import static io.parley.application.service.ConnectionRegistryTest.posted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The services over the registry, with scripted ports and a clock moved by hand. */
class ServicesTest {
    private static final ConversationId ROOM = new ConversationId("room");

    private final MutableClock clock = MutableClock.atEpoch();
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final TextEncoder encoder = new TextEncoder();
    private final Traffic traffic = new Traffic();
    private final ConnectionSettings settings = new ConnectionSettings("n1",
            new ConnectionLimits(10, 2, Duration.ofSeconds(4)), OriginPolicy.sameHost(),
            new HeartbeatPolicy(Duration.ofSeconds(25), Duration.ofSeconds(10), Duration.ofHours(1)),
            new ServerEvent.Limits(65536, 20, 1024), Duration.ofSeconds(10), RateLimit.perMinute(100),
            RateLimit.perSecond(20, 40), ConnectionSettings.tenStrikesAMinute());
    private final IdGeneratorPort ids = new SequentialIds();
    private final IdentityPort trusting = credentials -> new IdentityPort.Identity.Known(
            new UserId(credentials.claimedUser().orElse("anon")), credentials.claimedUser().isPresent());
    private final RateLimitPort unlimited = new RateLimitPort() {
        @Override
        public RateDecision tryTake(String key, RateLimit limit) {
            return new RateDecision.Allowed(limit, limit.capacity(), Duration.ZERO);
        }

        @Override
        public void forget(String key) {
        }
    };
    private final ConnectionService connections = new ConnectionService(registry, trusting, unlimited, ids, encoder,
            clock, settings, traffic);

    @Test
    void anAdmittedConnectionOpensWithAWelcome() {
        RecordingOutbound out = new RecordingOutbound();
        ConnectionTicket ticket = admit("alice");
        connections.open(ticket, out);
        ServerEvent.Welcome welcome = assertInstanceOf(ServerEvent.Welcome.class, out.events().getFirst());
        assertEquals(ticket.id(), welcome.connection());
        assertEquals("n1", welcome.node());
        assertEquals(Duration.ofSeconds(25), welcome.heartbeatInterval());
    }

    @Test
    void admissionRefusesBadOriginsBadNamesAndClientsOverTheirShare() {
        assertEquals(Refusal.ORIGIN_NOT_ALLOWED, refusal(new AdmitConnectionCommand(credentials("eve"),
                new ClientAddress("10.0.0.1"), Optional.of("https://evil.example"), Optional.of("chat.example"))));
        ConnectionService strict = new ConnectionService(registry, c -> new IdentityPort.Identity.Invalid("no"),
                unlimited, ids, encoder, clock, settings, traffic);
        assertEquals(Refusal.BAD_REQUEST, refusalOf(strict.admit(command("x"))));
        ConnectionService locked = new ConnectionService(registry, c -> new IdentityPort.Identity.Rejected("expired"),
                unlimited, ids, encoder, clock, settings, traffic);
        assertEquals(Refusal.UNAUTHENTICATED, refusalOf(locked.admit(command("x"))));

        admit("bob");
        admit("bob");
        assertEquals(Refusal.TOO_MANY_FOR_CLIENT, refusal(command("bob")));
        assertInstanceOf(Admission.Admitted.class, connections.admit(command("carol")));
    }

    @Test
    void anonymousClientsAreCountedByAddress() {
        AdmitConnectionCommand anonymous = new AdmitConnectionCommand(IdentityPort.Credentials.none(),
                new ClientAddress("10.0.0.9"), Optional.empty(), Optional.empty());
        assertInstanceOf(Admission.Admitted.class, connections.admit(anonymous));
        assertInstanceOf(Admission.Admitted.class, connections.admit(anonymous));
        assertEquals(Refusal.TOO_MANY_FOR_CLIENT, refusal(anonymous));
    }

    @Test
    void aConnectionOverItsRateIsThrottledAndAfterTenStrikesCut() {
        java.util.Map<String, Integer> taken = new java.util.concurrent.ConcurrentHashMap<>();
        RateLimitPort counting = new RateLimitPort() {
            @Override
            public RateDecision tryTake(String key, RateLimit limit) {
                int n = taken.merge(key, 1, Integer::sum);
                return n <= limit.capacity()
                        ? new RateDecision.Allowed(limit, limit.capacity() - n, Duration.ZERO)
                        : new RateDecision.Limited(limit, Duration.ofMillis(50), Duration.ofSeconds(2));
            }

            @Override
            public void forget(String key) {
                taken.keySet().removeIf(k -> k.endsWith(key.substring(key.indexOf(':'))));
            }
        };
        ConnectionService throttling = new ConnectionService(registry, trusting, counting, ids, encoder, clock,
                settings, traffic);
        RecordingOutbound out = new RecordingOutbound();
        ConnectionTicket ticket = assertInstanceOf(Admission.Admitted.class, throttling.admit(command("olga")))
                .ticket();
        throttling.open(ticket, out);
        for (int i = 0; i < 40; i++) {
            assertInstanceOf(io.parley.application.port.in.RequestAdmission.Admitted.class,
                    throttling.admitRequest(ticket.id()));
        }
        for (int strike = 0; strike < 10; strike++) {
            var throttled = assertInstanceOf(io.parley.application.port.in.RequestAdmission.Throttled.class,
                    throttling.admitRequest(ticket.id()));
            assertEquals(Duration.ofMillis(50), throttled.retryAfter());
        }
        assertTrue(out.closes().isEmpty());
        assertInstanceOf(io.parley.application.port.in.RequestAdmission.Cut.class, throttling.admitRequest(ticket.id()));
        assertEquals(CloseCode.RATE_LIMITED, out.closes().getFirst().code());

        throttling.closed(ticket.id(), CloseReason.of(CloseCode.RATE_LIMITED, "cut"));
        assertTrue(taken.keySet().stream().noneMatch(k -> k.contains(ticket.id().value())), "buckets forgotten");
    }

    @Test
    void closingForgetsTheConnectionAndGivesBackItsPlaceOnce() {
        ConnectionTicket ticket = admit("dora");
        connections.open(ticket, new RecordingOutbound());
        connections.closed(ticket.id(), CloseReason.of(CloseCode.NORMAL, "bye"));
        connections.closed(ticket.id(), CloseReason.of(CloseCode.NORMAL, "bye"));
        assertEquals(0, registry.connectionCount());
        assertEquals(0, registry.reservedPlaces());
        assertEquals(1L, traffic.closes().get("normal"));
    }

    @Test
    void drainingClosesEveryConnectionWith1001AndRefusesNewOnes() {
        RecordingOutbound out = new RecordingOutbound();
        ConnectionTicket ticket = admit("erin");
        connections.open(ticket, out);
        ConnectionTicket late = admit("fred");

        assertEquals(2, connections.drain(Duration.ofMillis(20)), "nobody answered within the timeout");

        assertEquals(List.of(CloseCode.GOING_AWAY), out.closes().stream().map(CloseReason::code).toList());
        assertEquals(Refusal.SHUTTING_DOWN, refusal(command("gina")));
        RecordingOutbound lateOut = new RecordingOutbound();
        connections.open(late, lateOut);
        assertEquals(CloseCode.GOING_AWAY, lateOut.closes().getFirst().code(), "opened after the drain began");
    }

    @Test
    void theHeartbeatPingsWhenDueAndClosesTheSilentTheIdleAndTheStuck() {
        HeartbeatService heartbeat = new HeartbeatService(registry, encoder, clock, settings);
        RecordingOutbound talkative = open("hal");
        RecordingOutbound silent = open("ida");
        RecordingOutbound idle = open("jon");
        RecordingOutbound stuck = open("kai");

        clock.advance(Duration.ofSeconds(25));
        heartbeat.sweep();
        assertEquals(1, talkative.pings());

        ConnectionId talkativeId = idOf("hal");
        ConnectionId idleId = idOf("jon");
        stuck.blockedSince(clock.instant());
        for (int minute = 0; minute < 61; minute++) {
            clock.advance(Duration.ofSeconds(30));
            connections.requestReceived(talkativeId);
            connections.frameReceived(idleId);
            clock.advance(Duration.ofSeconds(30));
            connections.requestReceived(talkativeId);
            connections.frameReceived(idleId);
            heartbeat.sweep();
        }

        assertTrue(talkative.closes().isEmpty() && talkative.aborts().isEmpty());
        assertEquals(CloseCode.HEARTBEAT_TIMEOUT, silent.closes().getFirst().code());
        assertEquals(CloseCode.IDLE, idle.closes().getFirst().code());
        assertEquals(CloseCode.SLOW_CONSUMER, stuck.aborts().getFirst().code());
    }

    @Test
    void onceTheDrainBeganRequestsAreRefusedSoNothingIsStoredWhoseAckWouldBeLost() {
        RecordingOutbound out = open("late");
        assertInstanceOf(RequestAdmission.Admitted.class, connections.admitRequest(idOf("late")));
        connections.drain(Duration.ofMillis(1));
        assertInstanceOf(RequestAdmission.Draining.class, connections.admitRequest(idOf("late")));
        assertEquals(CloseCode.GOING_AWAY, out.closes().getFirst().code());
    }

    @Test
    void aJoinThatRacesLiveMessagesDeliversEachMessageOnceInOrder() {
        RecordingOutbound out = open("lea");
        ConnectionId lea = idOf("lea");
        ConversationService conversations = conversations(new StoreStub() {
            @Override
            public Enrollment enroll(ConversationId c, UserId u, Optional<Role> admitAs, boolean mayCreate,
                                     java.time.Instant now) {
                return new Enrollment.Enrolled(Role.MEMBER, false);
            }

            @Override
            public long latestOffset(ConversationId c) {
                return 3;
            }

            @Override
            public List<Message> messages(ConversationId c, MessageRange range) {
                // while the join reads what was missed, offsets 3 (late) and 4 (new) are published live
                registry.deliverToConversation(ROOM, encoder.encode(posted(4)), clock.instant());
                registry.deliverToConversation(ROOM, encoder.encode(posted(3)), clock.instant());
                return List.of(posted(2).message(), posted(3).message());
            }
        });

        conversations.join(lea, new ClientRequest.Join("j", ROOM, OptionalLong.of(1)));
        registry.deliverToConversation(ROOM, encoder.encode(posted(5)), clock.instant());

        ServerEvent.Joined joined = assertInstanceOf(ServerEvent.Joined.class, out.events().get(1));
        assertEquals(new ServerEvent.Joined("j", ROOM, Role.MEMBER, 3, Recovery.COMPLETE), joined);
        assertEquals(List.of(2L, 3L, 4L, 5L), ConnectionRegistryTest.offsets(out));
    }

    @Test
    void anUnavailableStoreFailsTheJoinAndLeavesNoSubscription() {
        open("max");
        ConversationService conversations = conversations(new StoreStub() {
            @Override
            public Enrollment enroll(ConversationId c, UserId u, Optional<Role> admitAs, boolean mayCreate,
                                     java.time.Instant now) {
                throw new StoreUnavailableException("down", Duration.ofMillis(1500), null);
            }
        });
        StoreUnavailableException down = assertThrows(StoreUnavailableException.class,
                () -> conversations.join(idOf("max"), new ClientRequest.Join("j", ROOM, OptionalLong.empty())));
        assertEquals(Duration.ofMillis(1500), down.retryAfter());
        assertEquals(0, registry.conversationCount());
    }

    @Test
    void aMessageThatNeverArrivesIsFetchedFromTheStoreAfterThePatience() {
        RecordingOutbound out = open("ned");
        LiveConnection ned = registry.find(idOf("ned")).orElseThrow();
        registry.subscribe(ned, ROOM, Role.MEMBER, () -> 0).orElseThrow().goLive(0);
        LocalFanout fanout = new LocalFanout(registry, encoder, new StoreStub() {
            @Override
            public List<Message> messages(ConversationId c, MessageRange range) {
                assertEquals(MessageRange.between(0, 2, 1), range);
                return List.of(posted(1).message());
            }
        }, clock, Duration.ofSeconds(2));
        fanout.publish(ROOM, posted(2));
        fanout.repairGaps();
        assertEquals(List.of(), ConnectionRegistryTest.offsets(out), "still within patience");

        clock.advance(Duration.ofSeconds(3));
        fanout.repairGaps();

        assertEquals(List.of(1L, 2L), ConnectionRegistryTest.offsets(out));
    }

    private ConversationService conversations(ConversationStorePort store) {
        LocalFanout fanout = new LocalFanout(registry, encoder, store, clock, Duration.ofSeconds(2));
        AssistantRuns runs = new AssistantRuns((prompt, deltas, cancellation) -> {
            throw new AssertionError("no reply was asked for");
        }, store, fanout, ids, clock, RunSettings.defaults(), traffic);
        return new ConversationService(registry, store, fanout, encoder, ids, clock, JoinPolicy.OPEN, traffic, runs,
                unlimited, ConversationLimits.defaults());
    }

    private RecordingOutbound open(String user) {
        RecordingOutbound out = new RecordingOutbound();
        connections.open(admit(user), out);
        return out;
    }

    private ConnectionId idOf(String user) {
        return registry.all().stream().filter(c -> c.user().value().equals(user)).findFirst().orElseThrow().id();
    }

    private ConnectionTicket admit(String user) {
        return assertInstanceOf(Admission.Admitted.class, connections.admit(command(user))).ticket();
    }

    private Refusal refusal(AdmitConnectionCommand command) {
        return refusalOf(connections.admit(command));
    }

    private static Refusal refusalOf(Admission admission) {
        return assertInstanceOf(Admission.Refused.class, admission).refusal();
    }

    private static AdmitConnectionCommand command(String user) {
        return new AdmitConnectionCommand(credentials(user), new ClientAddress("10.0.0.1"), Optional.empty(),
                Optional.empty());
    }

    private static IdentityPort.Credentials credentials(String user) {
        return new IdentityPort.Credentials(Optional.empty(), Optional.of(user));
    }

}

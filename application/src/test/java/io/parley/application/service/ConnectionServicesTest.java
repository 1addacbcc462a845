package io.parley.application.service;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import io.parley.application.delivery.ConnectionRegistry;
import io.parley.application.delivery.QueueSettings;
import io.parley.application.delivery.Traffic;
import io.parley.application.port.in.AdmitConnectionCommand;
import io.parley.application.port.in.ConnectionTicket;
import io.parley.application.port.in.Outcome;
import io.parley.application.port.in.RequestAdmission;
import io.parley.application.port.out.IdGeneratorPort;
import io.parley.application.port.out.IdentityPort;
import io.parley.application.port.out.RateLimitPort;
import io.parley.application.testing.Outcomes;
import io.parley.application.testing.RecordingTransport;
import io.parley.application.testing.SequentialIds;
import io.parley.application.testing.TextEncoder;
import io.parley.domain.connection.ClientAddress;
import io.parley.domain.connection.CloseCode;
import io.parley.domain.connection.CloseReason;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.ConnectionLimits;
import io.parley.domain.connection.OriginPolicy;
import io.parley.domain.connection.UserId;
import io.parley.domain.heartbeat.HeartbeatPolicy;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.Refusal;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.ratelimit.RateDecision;
import io.parley.domain.ratelimit.RateLimit;
import io.parley.domain.testing.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Admission, connections, the message rate, the drain and the heartbeat, with scripted ports and a hand clock. */
class ConnectionServicesTest {
    static final ConnectionSettings SETTINGS = new ConnectionSettings("n1",
            new ConnectionLimits(10, 2, 100, Duration.ofSeconds(4)), OriginPolicy.sameHost(),
            new HeartbeatPolicy(Duration.ofSeconds(25), Duration.ofSeconds(10), Duration.ofHours(1)),
            new ServerEvent.Limits(65536, 20, 1024), Duration.ofSeconds(10), Duration.ofSeconds(5),
            QueueSettings.defaults(), RateLimit.perMinute(100), RateLimit.perSecond(20, 40),
            ConnectionSettings.tenStrikesAMinute(), ConnectionSettings.TokenTimes.defaults());
    static final RateLimitPort UNLIMITED = new RateLimitPort() {
        @Override
        public RateDecision tryTake(String key, RateLimit limit) {
            return new RateDecision.Allowed(limit, limit.capacity(), Duration.ZERO);
        }

        @Override
        public void forget(String key) {
        }
    };
    static final IdentityPort TRUSTING = credentials -> new IdentityPort.Identity.Known(
            new UserId(credentials.claimedUser().orElse("anon")), credentials.claimedUser().isPresent());

    private final MutableClock clock = MutableClock.atEpoch();
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final TextEncoder encoder = new TextEncoder();
    private final Traffic traffic = new Traffic();
    private final IdGeneratorPort ids = new SequentialIds();
    private final AdmissionService admission = new AdmissionService(registry, TRUSTING, UNLIMITED, ids, SETTINGS,
            traffic);
    private final ConnectionService connections = new ConnectionService(registry, UNLIMITED, encoder, clock,
            SETTINGS, traffic, Runnable::run);

    @Test
    void anAdmittedConnectionOpensWithAWelcome() {
        RecordingTransport out = new RecordingTransport();
        ConnectionTicket ticket = admit("alice");
        connections.open(ticket, out);
        ServerEvent.Welcome welcome = assertInstanceOf(ServerEvent.Welcome.class, out.events().getFirst());
        assertEquals(ticket.id(), welcome.connection());
        assertEquals("n1", welcome.node());
        assertEquals(Duration.ofSeconds(25), welcome.heartbeatInterval());
    }

    @Test
    void admissionRefusesBadOriginsBadNamesAndClientsOverTheirShare() {
        Refusal origin = refusal(admission, new AdmitConnectionCommand(credentials("eve"),
                new ClientAddress("10.0.0.1"), Optional.of("https://evil.example"), Optional.of("chat.example")));
        assertEquals(new Refusal(ErrorCode.FORBIDDEN, "origin_not_allowed", origin.message(), Duration.ZERO), origin);
        AdmissionService strict = new AdmissionService(registry, c -> new IdentityPort.Identity.Invalid("no"),
                UNLIMITED, ids, SETTINGS, traffic);
        assertEquals(ErrorCode.BAD_REQUEST, refusal(strict, command("x")).code());
        AdmissionService locked = new AdmissionService(registry,
                c -> new IdentityPort.Identity.Rejected("expired"), UNLIMITED, ids, SETTINGS, traffic);
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(locked, command("x")).code());

        admit("bob");
        admit("bob");
        Refusal tooMany = refusal(admission, command("bob"));
        assertEquals("too_many_for_client", tooMany.reason());
        assertEquals(ErrorCode.RATE_LIMITED, tooMany.code());
        assertTrue(tooMany.retryAfter().compareTo(Duration.ZERO) > 0);
        admit("carol");
    }

    @Test
    void anonymousClientsAreCountedByAddress() {
        AdmitConnectionCommand anonymous = new AdmitConnectionCommand(IdentityPort.Credentials.none(),
                new ClientAddress("10.0.0.9"), Optional.empty(), Optional.empty());
        assertInstanceOf(Outcome.Done.class, admission.admit(anonymous));
        assertInstanceOf(Outcome.Done.class, admission.admit(anonymous));
        assertEquals("too_many_for_client", refusal(admission, anonymous).reason());
    }

    @Test
    void aConnectionOverItsRateIsThrottledAndAfterTenStrikesCut() {
        Map<String, Integer> taken = new ConcurrentHashMap<>();
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
        ConnectionService throttling = new ConnectionService(registry, counting, encoder, clock, SETTINGS, traffic,
                Runnable::run);
        RecordingTransport out = new RecordingTransport();
        ConnectionTicket ticket = admit("olga");
        throttling.open(ticket, out);
        for (int i = 0; i < 40; i++) {
            assertInstanceOf(RequestAdmission.Admitted.class, throttling.admitRequest(ticket.id()));
        }
        for (int strike = 0; strike < 10; strike++) {
            var throttled = assertInstanceOf(RequestAdmission.Throttled.class, throttling.admitRequest(ticket.id()));
            assertEquals(Duration.ofMillis(50), throttled.retryAfter());
        }
        assertTrue(out.closes().isEmpty());
        assertInstanceOf(RequestAdmission.Cut.class, throttling.admitRequest(ticket.id()));
        assertEquals(CloseCode.RATE_LIMITED, out.closes().getFirst().code());

        throttling.closed(ticket.id(), CloseReason.of(CloseCode.RATE_LIMITED, "cut"));
        assertTrue(taken.keySet().stream().noneMatch(k -> k.contains(ticket.id().value())), "buckets forgotten");
    }

    @Test
    void closingForgetsTheConnectionAndGivesBackItsPlaceOnce() {
        ConnectionTicket ticket = admit("dora");
        connections.open(ticket, new RecordingTransport());
        connections.closed(ticket.id(), CloseReason.of(CloseCode.NORMAL, "bye"));
        connections.closed(ticket.id(), CloseReason.of(CloseCode.NORMAL, "bye"));
        assertEquals(0, registry.connectionCount());
        assertEquals(0, registry.reservedPlaces());
        assertEquals(1L, traffic.closes().get("normal"));
    }

    @Test
    void drainingClosesEveryConnectionWith1001AndRefusesNewOnesAndTheirRequests() {
        RecordingTransport out = new RecordingTransport();
        ConnectionTicket ticket = admit("erin");
        connections.open(ticket, out);
        ConnectionTicket late = admit("fred");
        assertInstanceOf(RequestAdmission.Admitted.class, connections.admitRequest(ticket.id()));

        assertEquals(2, connections.drain(Duration.ofMillis(20)), "nobody answered within the timeout");

        assertEquals(List.of(CloseCode.GOING_AWAY), out.closes().stream().map(CloseReason::code).toList());
        assertEquals("shutting_down", refusal(admission, command("gina")).reason());
        assertInstanceOf(RequestAdmission.Draining.class, connections.admitRequest(ticket.id()),
                "nothing is stored whose ack would be lost");
        RecordingTransport lateOut = new RecordingTransport();
        connections.open(late, lateOut);
        assertEquals(CloseCode.GOING_AWAY, lateOut.closes().getFirst().code(), "opened after the drain began");
    }

    @Test
    void theHeartbeatPingsWhenDueAndClosesTheSilentTheIdleTheStuckAndTheUnanswered() throws InterruptedException {
        HeartbeatService heartbeat = new HeartbeatService(registry, encoder, clock, SETTINGS);
        RecordingTransport talkative = open("hal");
        RecordingTransport silent = open("ida");
        RecordingTransport idle = open("jon");
        RecordingTransport stuck = RecordingTransport.stalled();
        new ConnectionService(registry, UNLIMITED, encoder, clock, SETTINGS, traffic,
                drain -> Thread.ofVirtual().start(drain)).open(admit("kai"), stuck);
        stuck.awaitBlockedWrite();
        RecordingTransport unanswered = open("lou");
        registry.find(idOf("lou")).orElseThrow().close(CloseReason.of(CloseCode.NORMAL, "bye"));

        clock.advance(Duration.ofSeconds(25));
        heartbeat.sweep();
        assertEquals(1, talkative.pings());
        assertTrue(unanswered.isAborted(), "a close not answered within the close timeout is cut");

        ConnectionId talkativeId = idOf("hal");
        ConnectionId idleId = idOf("jon");
        for (int minute = 0; minute < 61; minute++) {
            clock.advance(Duration.ofSeconds(30));
            connections.requestReceived(talkativeId);
            connections.frameReceived(idleId);
            clock.advance(Duration.ofSeconds(30));
            connections.requestReceived(talkativeId);
            connections.frameReceived(idleId);
            heartbeat.sweep();
        }

        assertTrue(talkative.closes().isEmpty() && !talkative.isAborted());
        assertEquals(CloseCode.HEARTBEAT_TIMEOUT, silent.closes().getFirst().code());
        assertEquals(CloseCode.IDLE, idle.closes().getFirst().code());
        assertTrue(stuck.isAborted(), "a write that made no progress for the write timeout is cut");
        assertEquals(CloseCode.SLOW_CONSUMER,
                registry.find(idOf("kai")).orElseThrow().queue().closingReason().orElseThrow().code());
    }

    private RecordingTransport open(String user) {
        RecordingTransport out = new RecordingTransport();
        connections.open(admit(user), out);
        return out;
    }

    private ConnectionId idOf(String user) {
        return registry.all().stream().filter(c -> c.user().value().equals(user)).findFirst().orElseThrow().id();
    }

    private ConnectionTicket admit(String user) {
        return Outcomes.value(admission.admit(command(user)));
    }

    private static Refusal refusal(AdmissionService service, AdmitConnectionCommand command) {
        return Outcomes.refusal(service.admit(command));
    }

    static AdmitConnectionCommand command(String user) {
        return new AdmitConnectionCommand(credentials(user), new ClientAddress("10.0.0.1"), Optional.empty(),
                Optional.empty());
    }

    static IdentityPort.Credentials credentials(String user) {
        return new IdentityPort.Credentials(Optional.empty(), Optional.of(user));
    }
}

package io.parley.application.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.parley.application.delivery.ConnectionRegistry;
import io.parley.application.delivery.LiveConnection;
import io.parley.application.delivery.Traffic;
import io.parley.application.port.in.AdmitConnectionCommand;
import io.parley.application.port.in.ConnectionTicket;
import io.parley.application.port.in.Reply;
import io.parley.application.port.out.IdentityPort;
import io.parley.application.testing.Outcomes;
import io.parley.application.testing.RecordingTransport;
import io.parley.application.testing.SequentialIds;
import io.parley.application.testing.TextEncoder;
import io.parley.domain.connection.ClientAddress;
import io.parley.domain.connection.CloseCode;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Grants;
import io.parley.domain.conversation.Role;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.testing.MutableClock;

import static io.parley.application.service.ConnectionServicesTest.SETTINGS;
import static io.parley.application.service.ConnectionServicesTest.UNLIMITED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connections in a mode that needs tokens: one that opens without a token is welcomed only after a good
 * {@code auth}, is closed (1008) when none comes in time; a token's expiry closes its connection past the leeway
 * unless a {@code refresh} with a newer token of the same user came first. A scripted identity reads tokens of
 * the form {@code user:seconds}, expiring that many seconds after the test began.
 */
class TokenConnectionsTest {
    private static final ClientAddress HOME = new ClientAddress("10.0.0.1");

    private final MutableClock clock = MutableClock.atEpoch();
    /** Tokens expire this many seconds after the test's start. */
    private final Instant start = clock.instant();
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final TextEncoder encoder = new TextEncoder();
    private final Traffic traffic = new Traffic();
    private final IdentityPort tokens = new IdentityPort() {
        @Override
        public Identity identify(Credentials credentials) {
            if (credentials.bearerToken().isEmpty()) {
                return new Identity.Missing();
            }
            String[] parts = credentials.bearerToken().get().split(":");
            if (parts.length != 2) {
                return new Identity.Rejected("malformed");
            }
            return new Identity.Known(new UserId(parts[0]), true,
                    Optional.of(start.plusSeconds(Long.parseLong(parts[1]))),
                    new Grants(Map.of(new ConversationId("granted"), Role.VIEWER), Optional.empty()));
        }

        @Override
        public boolean requiresCredentials() {
            return true;
        }
    };
    private final AdmissionService admission = new AdmissionService(registry, tokens, UNLIMITED, new SequentialIds(),
            SETTINGS, traffic);
    private final ConnectionService connections = new ConnectionService(registry, UNLIMITED, encoder, clock,
            SETTINGS, traffic, Runnable::run);
    private final AuthenticationService authentication = new AuthenticationService(registry, tokens, encoder,
            SETTINGS);
    private final HeartbeatService heartbeat = new HeartbeatService(registry, encoder, clock, SETTINGS);

    @Test
    void aConnectionWithoutATokenIsWelcomedOnlyAfterAGoodAuth() {
        ConnectionTicket ticket = admit(Optional.empty());
        assertTrue(ticket.awaitingAuth());
        RecordingTransport out = new RecordingTransport();
        connections.open(ticket, out);
        assertEquals(0, out.events().size(), "no welcome before the token");
        assertTrue(registry.connectionsOf(new UserId("alice")).isEmpty());

        Reply welcome = Outcomes.value(authentication.authenticate(ticket.id(), new ClientRequest.Auth("a", "alice:60")));

        ServerEvent.Welcome hello = assertInstanceOf(ServerEvent.Welcome.class, welcome.frames().getFirst().event());
        assertEquals(new UserId("alice"), hello.user());
        LiveConnection alice = registry.find(ticket.id()).orElseThrow();
        assertTrue(alice.principal().authenticated());
        assertEquals(Role.VIEWER, alice.principal().grants().roleIn(new ConversationId("granted")).orElseThrow());
        assertEquals(1, registry.connectionsOf(new UserId("alice")).size());
        assertEquals(ErrorCode.BAD_REQUEST, Outcomes.refusal(authentication.authenticate(ticket.id(),
                new ClientRequest.Auth("b", "alice:90"))).code(), "authenticated already");
    }

    @Test
    void aBadTokenInTheAuthFrameIsRefusedAndNoAuthInTimeCloses() {
        ConnectionTicket ticket = admit(Optional.empty());
        RecordingTransport out = new RecordingTransport();
        connections.open(ticket, out);
        assertEquals(ErrorCode.UNAUTHORIZED, Outcomes.refusal(authentication.authenticate(ticket.id(),
                new ClientRequest.Auth(null, "garbage"))).code());

        clock.advance(SETTINGS.tokens().authTimeout());
        heartbeat.sweep();
        assertTrue(out.closes().isEmpty(), "not before the timeout has passed");
        clock.advance(Duration.ofMillis(1));
        heartbeat.sweep();
        assertEquals(CloseCode.POLICY_VIOLATION, out.closes().getFirst().code());
    }

    @Test
    void anExpiredTokenClosesItsConnectionPastTheLeewayUnlessARefreshCameFirst() {
        RecordingTransport expiring = open("alice:100");
        RecordingTransport refreshed = open("bob:100");
        ConnectionTicket bob = ticketOf("bob");

        assertEquals(ErrorCode.FORBIDDEN, Outcomes.refusal(authentication.refresh(bob.id(),
                new ClientRequest.Refresh("r0", "mallory:900"))).code(), "another user's token");
        assertEquals(ErrorCode.FORBIDDEN, Outcomes.refusal(authentication.refresh(bob.id(),
                new ClientRequest.Refresh("r1", "bob:50"))).code(), "an older token");
        Reply answer = Outcomes.value(authentication.refresh(bob.id(), new ClientRequest.Refresh("r2", "bob:900")));
        assertEquals(new ServerEvent.Refreshed("r2", start.plusSeconds(900)), answer.frames().getFirst().event());

        clock.advance(Duration.ofSeconds(100).plus(SETTINGS.tokens().leeway()));
        sweepTalking();
        assertTrue(expiring.closes().isEmpty(), "within the leeway");
        clock.advance(Duration.ofSeconds(1));
        sweepTalking();
        assertEquals(CloseCode.POLICY_VIOLATION, expiring.closes().getFirst().code());
        assertTrue(refreshed.closes().isEmpty(), "the refreshed connection stays");
    }

    @Test
    void aUserAtTheirConnectionLimitCannotAuthenticateOneMore() {
        open("carol:100");
        open("carol:100");
        ConnectionTicket third = admit(Optional.empty());
        connections.open(third, new RecordingTransport());

        assertEquals(ErrorCode.RATE_LIMITED, Outcomes.refusal(authentication.authenticate(third.id(),
                new ClientRequest.Auth(null, "carol:100"))).code());
        assertFalse(registry.find(third.id()).orElseThrow().principal().authenticated());
    }

    /** A heartbeat sweep after every connection sent a frame: only tokens close anything. */
    private void sweepTalking() {
        registry.all().forEach(c -> connections.frameReceived(c.id()));
        heartbeat.sweep();
    }

    private RecordingTransport open(String token) {
        RecordingTransport out = new RecordingTransport();
        ConnectionTicket ticket = admit(Optional.of(token));
        assertFalse(ticket.awaitingAuth());
        connections.open(ticket, out);
        return out;
    }

    private ConnectionTicket admit(Optional<String> token) {
        return Outcomes.value(admission.admit(new AdmitConnectionCommand(
                new IdentityPort.Credentials(token, Optional.empty()), HOME, Optional.empty(), Optional.empty())));
    }

    private ConnectionTicket ticketOf(String user) {
        LiveConnection connection = registry.connectionsOf(new UserId(user)).iterator().next();
        return new ConnectionTicket(connection.id(), connection.info().client(), connection.principal());
    }
}

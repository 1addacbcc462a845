package io.parley.application.service;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.parley.application.delivery.ConnectionRegistry;
import io.parley.application.delivery.LiveConnection;
import io.parley.application.port.in.AuthenticateConnectionUseCase;
import io.parley.application.port.in.Outcome;
import io.parley.application.port.in.Principal;
import io.parley.application.port.in.Reply;
import io.parley.application.port.out.EventEncoderPort;
import io.parley.application.port.out.IdentityPort;
import io.parley.domain.LogLine;
import io.parley.domain.connection.AdmissionDecision;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.ServerEvent;

/**
 * The tokens connections send in frames: {@code auth}, the first frame of a connection that opened without a
 * token, makes it its user's (then it is welcomed); {@code refresh} extends a connection's life with a newer token
 * of the same user. Tokens are never logged.
 */
public final class AuthenticationService implements AuthenticateConnectionUseCase {
    private static final System.Logger LOG = System.getLogger(AuthenticationService.class.getName());

    private final ConnectionRegistry registry;
    private final IdentityPort identity;
    private final EventEncoderPort encoder;
    private final ConnectionSettings settings;

    public AuthenticationService(ConnectionRegistry registry, IdentityPort identity, EventEncoderPort encoder,
                                 ConnectionSettings settings) {
        this.registry = registry;
        this.identity = identity;
        this.encoder = encoder;
        this.settings = settings;
    }

    @Override
    public Outcome<Reply> authenticate(ConnectionId id, ClientRequest.Auth request) {
        Optional<LiveConnection> found = registry.find(id);
        if (found.isEmpty()) {
            return Outcome.refused(ErrorCode.UNAVAILABLE, "the connection is closing");
        }
        LiveConnection connection = found.get();
        if (connection.principal().authenticated()) {
            return Outcome.refused(ErrorCode.BAD_REQUEST, "this connection is authenticated already");
        }
        IdentityPort.Identity verified = verify(request.token());
        if (!(verified instanceof IdentityPort.Identity.Known known)) {
            return refused(connection, "auth_refused", ErrorCode.UNAUTHORIZED, reasonOf(verified));
        }
        Principal who = Principal.of(known, connection.info().client());
        if (registry.move(connection.clientKey(), who.clientKey(), settings.limits())
                instanceof AdmissionDecision.Refuse refuse) {
            return refused(connection, "limit_hit", ErrorCode.RATE_LIMITED, refuse.detail());
        }
        connection.becomes(who);
        registry.indexUser(connection);
        LOG.log(Level.INFO, () -> LogLine.event("authenticated").with("connection", id).with("user", who.user())
                .with("client", connection.info().client())
                .with("expires_at", who.expiresAt().map(Instant::toString).orElse(null)).toString());
        return Outcome.done(new Reply(List.of(ConnectionService.welcome(encoder, settings, id, who.user()))));
    }

    @Override
    public Outcome<Reply> refresh(ConnectionId id, ClientRequest.Refresh request) {
        Optional<LiveConnection> found = registry.find(id);
        if (found.isEmpty()) {
            return Outcome.refused(ErrorCode.UNAVAILABLE, "the connection is closing");
        }
        LiveConnection connection = found.get();
        if (!identity.requiresCredentials()) {
            return Outcome.refused(ErrorCode.BAD_REQUEST, "this server does not use tokens (dev mode)");
        }
        Principal now = connection.principal();
        IdentityPort.Identity verified = verify(request.token());
        if (!(verified instanceof IdentityPort.Identity.Known known)) {
            return refused(connection, "refresh_refused", ErrorCode.FORBIDDEN, reasonOf(verified));
        }
        if (!known.user().equals(now.user())) {
            return refused(connection, "refresh_refused", ErrorCode.FORBIDDEN, "the token is another user's");
        }
        if (known.expiresAt().isEmpty() || now.expiresAt().isPresent()
                && !known.expiresAt().get().isAfter(now.expiresAt().get())) {
            return refused(connection, "refresh_refused", ErrorCode.FORBIDDEN,
                    "the token does not expire later than the connection's");
        }
        connection.becomes(new Principal(now.user(), now.clientKey(), known.expiresAt(), known.grants(), true));
        return Replies.reply(encoder, new ServerEvent.Refreshed(request.ref(), known.expiresAt().get()));
    }

    private IdentityPort.Identity verify(String token) {
        return identity.identify(new IdentityPort.Credentials(Optional.of(token), Optional.empty()));
    }

    private static String reasonOf(IdentityPort.Identity identity) {
        return switch (identity) {
            case IdentityPort.Identity.Rejected rejected -> "the token was refused: " + rejected.reason();
            case IdentityPort.Identity.Invalid invalid -> invalid.reason();
            case IdentityPort.Identity.Missing missing -> "no token";
            case IdentityPort.Identity.Known known -> "accepted";
        };
    }

    private static <T> Outcome<T> refused(LiveConnection connection, String event, ErrorCode code, String reason) {
        LOG.log(Level.INFO, () -> LogLine.event(event).with("connection", connection.id())
                .with("user", connection.user()).with("client", connection.info().client()).with("reason", reason)
                .toString());
        return Outcome.refused(code, reason);
    }
}

package io.parley.application.service;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.parley.application.port.in.Admission;
import io.parley.application.port.in.AdmitConnectionCommand;
import io.parley.application.port.in.CloseConnectionUseCase;
import io.parley.application.port.in.ConnectionTicket;
import io.parley.application.port.in.DrainConnectionsUseCase;
import io.parley.application.port.in.OpenConnectionUseCase;
import io.parley.application.port.in.RecordActivityUseCase;
import io.parley.application.port.in.RequestAdmission;
import io.parley.application.port.in.ThrottleRequestsUseCase;
import io.parley.application.port.out.ConnectionOutboundPort;
import io.parley.application.port.out.EventEncoderPort;
import io.parley.application.port.out.IdGeneratorPort;
import io.parley.application.port.out.IdentityPort;
import io.parley.application.port.out.RateLimitPort;
import io.parley.domain.LogLine;
import io.parley.domain.connection.AdmissionDecision;
import io.parley.domain.connection.ClientKey;
import io.parley.domain.connection.CloseCode;
import io.parley.domain.connection.CloseReason;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.ConnectionInfo;
import io.parley.domain.connection.Refusal;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.ratelimit.RateDecision;

/** Admits, opens and forgets connections, and drains them at shutdown. */
public final class ConnectionService implements OpenConnectionUseCase, CloseConnectionUseCase,
        RecordActivityUseCase, ThrottleRequestsUseCase, DrainConnectionsUseCase {
    private static final System.Logger LOG = System.getLogger(ConnectionService.class.getName());
    private static final CloseReason GOING_AWAY = CloseReason.of(CloseCode.GOING_AWAY, "server shutting down");

    private final ConnectionRegistry registry;
    private final IdentityPort identity;
    private final RateLimitPort rateLimits;
    private final IdGeneratorPort ids;
    private final EventEncoderPort encoder;
    private final Clock clock;
    private final ConnectionSettings settings;
    private final Traffic traffic;
    private volatile boolean draining;

    public ConnectionService(ConnectionRegistry registry, IdentityPort identity, RateLimitPort rateLimits,
                             IdGeneratorPort ids, EventEncoderPort encoder, Clock clock, ConnectionSettings settings,
                             Traffic traffic) {
        this.registry = registry;
        this.identity = identity;
        this.rateLimits = rateLimits;
        this.ids = ids;
        this.encoder = encoder;
        this.clock = clock;
        this.settings = settings;
        this.traffic = traffic;
    }

    @Override
    public Admission admit(AdmitConnectionCommand command) {
        if (!settings.origins().allows(command.origin(), command.host())) {
            return refuse(command, Refusal.ORIGIN_NOT_ALLOWED,
                    "origin " + command.origin().orElse("") + " is not allowed", Duration.ZERO, null);
        }
        return switch (identity.identify(command.credentials())) {
            case IdentityPort.Identity.Rejected rejected ->
                    refuse(command, Refusal.UNAUTHENTICATED, rejected.reason(), Duration.ZERO, null);
            case IdentityPort.Identity.Invalid invalid ->
                    refuse(command, Refusal.BAD_REQUEST, invalid.reason(), Duration.ZERO, null);
            case IdentityPort.Identity.Known known -> {
                ClientKey key = known.named() ? ClientKey.ofUser(known.user()) : ClientKey.ofAddress(command.client());
                if (rateLimits.tryTake("connect:" + key, settings.connectRate())
                        instanceof RateDecision.Limited limited) {
                    yield refuse(command, Refusal.CONNECT_RATE, "connecting faster than "
                            + settings.connectRate().capacity() + " times per "
                            + settings.connectRate().period().toSeconds() + " s", limited.retryAfter(), known);
                }
                yield switch (registry.reserve(key, settings.limits(), draining)) {
                    case AdmissionDecision.Refuse refuse ->
                            refuse(command, refuse.refusal(), refuse.detail(), refuse.retryAfter(), known);
                    case AdmissionDecision.Admit admit -> new Admission.Admitted(
                            new ConnectionTicket(ids.newConnectionId(), known.user(), command.client(), key));
                };
            }
        };
    }

    @Override
    public void open(ConnectionTicket ticket, ConnectionOutboundPort outbound) {
        Instant now = clock.instant();
        LiveConnection connection = new LiveConnection(
                new ConnectionInfo(ticket.id(), ticket.user(), ticket.client(), now), ticket.clientKey(), outbound,
                traffic);
        registry.register(connection);
        LOG.log(Level.INFO, () -> LogLine.event("connect").with("connection", ticket.id())
                .with("user", ticket.user()).with("client", ticket.client())
                .with("connections", registry.connectionCount()).toString());
        connection.deliver(encoder.encode(new ServerEvent.Welcome(ticket.id(), ticket.user(), settings.node(),
                settings.heartbeat().interval(), settings.heartbeat().timeout(), settings.announced())));
        if (draining) {
            // admitted just before the drain began, opened just after it: the drain's sweep may have missed it
            outbound.close(GOING_AWAY);
        }
    }

    @Override
    public void abandon(ConnectionTicket ticket) {
        registry.release(ticket.clientKey());
    }

    @Override
    public void closed(ConnectionId id, CloseReason reason) {
        registry.unregister(id).ifPresent(connection -> {
            registry.release(connection.clientKey());
            rateLimits.forget(messagesKey(id));
            rateLimits.forget(strikesKey(id));
            traffic.closed(reason.code().label());
            Duration open = Duration.between(connection.info().openedAt(), clock.instant());
            LOG.log(Level.INFO, () -> LogLine.event("disconnect").with("connection", id)
                    .with("user", connection.user()).with("client", connection.info().client())
                    .with("code", reason.code().value()).with("close", reason.code().label())
                    .with("reason", reason.reason()).with("open_ms", open.toMillis())
                    .with("connections", registry.connectionCount()).toString());
        });
    }

    @Override
    public void frameReceived(ConnectionId id) {
        traffic.frameIn();
        registry.find(id).ifPresent(c -> c.frameReceived(clock.instant()));
    }

    @Override
    public void requestReceived(ConnectionId id) {
        registry.find(id).ifPresent(c -> c.requestReceived(clock.instant()));
    }

    @Override
    public RequestAdmission admitRequest(ConnectionId id) {
        if (draining) {
            return new RequestAdmission.Draining();
        }
        if (rateLimits.tryTake(messagesKey(id), settings.messageRate()) instanceof RateDecision.Limited limited) {
            int perSecond = settings.announced().messagesPerSecond();
            if (rateLimits.tryTake(strikesKey(id), settings.strikes()) instanceof RateDecision.Limited) {
                limitHit(id, "message_rate_repeated");
                registry.find(id).ifPresent(c -> c.outbound().close(CloseReason.of(CloseCode.RATE_LIMITED,
                        "kept exceeding " + perSecond + " messages per second")));
                return new RequestAdmission.Cut();
            }
            limitHit(id, "message_rate");
            return new RequestAdmission.Throttled(limited.retryAfter(), perSecond);
        }
        return new RequestAdmission.Admitted();
    }

    @Override
    public void limitHit(ConnectionId id, String limit) {
        registry.find(id).ifPresentOrElse(c -> c.limitHit(limit), () -> traffic.limitHit(limit));
    }

    @Override
    public int drain(Duration timeout) {
        draining = true;
        LOG.log(Level.INFO, () -> LogLine.event("drain").with("connections", registry.connectionCount())
                .with("timeout_ms", timeout.toMillis()).toString());
        registry.all().forEach(c -> c.outbound().close(GOING_AWAY));
        try {
            return registry.awaitEmpty(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return registry.reservedPlaces();
        }
    }

    /** Whether the node refuses new connections because it drains. */
    public boolean draining() {
        return draining;
    }

    private static String messagesKey(ConnectionId id) {
        return "messages:" + id;
    }

    private static String strikesKey(ConnectionId id) {
        return "strikes:" + id;
    }

    private Admission refuse(AdmitConnectionCommand command, Refusal refusal, String detail, Duration retryAfter,
                             IdentityPort.Identity.Known known) {
        traffic.rejected(refusal.label());
        LOG.log(Level.INFO, () -> LogLine.event(refusal.isLimit() ? "limit_hit" : "refused")
                .with("refusal", refusal.label())
                .with("user", known == null ? null : known.user()).with("client", command.client())
                .with("origin", command.origin().orElse(null)).with("detail", detail).toString());
        return new Admission.Refused(refusal, detail, retryAfter);
    }
}

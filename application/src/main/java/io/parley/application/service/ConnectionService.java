package io.parley.application.service;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;

import io.parley.application.delivery.ConnectionRegistry;
import io.parley.application.delivery.LiveConnection;
import io.parley.application.delivery.OutboundQueue;
import io.parley.application.delivery.Traffic;
import io.parley.application.port.in.CloseConnectionUseCase;
import io.parley.application.port.in.ConnectionSession;
import io.parley.application.port.in.ConnectionTicket;
import io.parley.application.port.in.DrainConnectionsUseCase;
import io.parley.application.port.in.OpenConnectionUseCase;
import io.parley.application.port.in.RecordActivityUseCase;
import io.parley.application.port.in.RequestAdmission;
import io.parley.application.port.in.ThrottleRequestsUseCase;
import io.parley.application.port.out.ConnectionTransportPort;
import io.parley.application.port.out.EventEncoderPort;
import io.parley.application.port.out.OutboundFrame;
import io.parley.application.port.out.RateLimitPort;
import io.parley.domain.LogLine;
import io.parley.domain.connection.ClientKey;
import io.parley.domain.connection.CloseCode;
import io.parley.domain.connection.CloseReason;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.ConnectionInfo;
import io.parley.domain.connection.UserId;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.ratelimit.RateDecision;

/**
 * Opens and forgets connections, holds each to its message rate, and drains them at shutdown (admission is
 * {@link AdmissionService}'s).
 */
public final class ConnectionService implements OpenConnectionUseCase, CloseConnectionUseCase,
        RecordActivityUseCase, ThrottleRequestsUseCase, DrainConnectionsUseCase {
    private static final System.Logger LOG = System.getLogger(ConnectionService.class.getName());
    private static final CloseReason GOING_AWAY = CloseReason.of(CloseCode.GOING_AWAY, "server shutting down");

    private final ConnectionRegistry registry;
    private final RateLimitPort rateLimits;
    private final EventEncoderPort encoder;
    private final Clock clock;
    private final ConnectionSettings settings;
    private final Traffic traffic;
    private final Executor drains;

    /** @param drains what runs the connections' queue drains (see {@link OutboundQueue}) */
    public ConnectionService(ConnectionRegistry registry, RateLimitPort rateLimits, EventEncoderPort encoder,
                             Clock clock, ConnectionSettings settings, Traffic traffic, Executor drains) {
        this.drains = drains;
        this.registry = registry;
        this.rateLimits = rateLimits;
        this.encoder = encoder;
        this.clock = clock;
        this.settings = settings;
        this.traffic = traffic;
    }

    @Override
    public ConnectionSession open(ConnectionTicket ticket, ConnectionTransportPort transport) {
        Instant now = clock.instant();
        LiveConnection connection = new LiveConnection(
                new ConnectionInfo(ticket.id(), ticket.user(), ticket.client(), now), ticket.principal(),
                new OutboundQueue(transport, settings.queues(), encoder, drains, clock),
                traffic);
        registry.register(connection);
        LOG.log(Level.INFO, () -> LogLine.event("connect").with("connection", ticket.id())
                .with("user", ticket.user()).with("client", ticket.client())
                .with("auth", ticket.awaitingAuth() ? "awaiting" : null)
                .with("connections", registry.connectionCount()).toString());
        if (!ticket.awaitingAuth()) {
            connection.deliver(welcome(encoder, settings, ticket.id(), ticket.user()));
        }
        if (registry.draining()) {
            // admitted just before the drain began, opened just after it: the drain's sweep may have missed it
            connection.close(GOING_AWAY);
        }
        return connection;
    }

    /** The {@code welcome} frame of a connection that is {@code user}'s. */
    static OutboundFrame welcome(EventEncoderPort encoder, ConnectionSettings settings, ConnectionId id, UserId user) {
        return encoder.encode(new ServerEvent.Welcome(id, user, settings.node(), settings.heartbeat().interval(),
                settings.heartbeat().timeout(), settings.announced()));
    }

    @Override
    public void abandon(ConnectionTicket ticket) {
        registry.release(ticket.principal().clientKey(), ticket.addressKey());
    }

    @Override
    public void closed(ConnectionId id, CloseReason seen) {
        registry.unregister(id).ifPresent(connection -> {
            // the close the server or the client began says more than how the socket ended
            CloseReason reason = connection.queue().closingReason().orElse(seen);
            connection.queue().ended();
            registry.release(connection.clientKey(), ClientKey.ofAddress(connection.info().client()));
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
        if (registry.draining()) {
            return new RequestAdmission.Draining();
        }
        if (rateLimits.tryTake(messagesKey(id), settings.messageRate()) instanceof RateDecision.Limited limited) {
            int perSecond = settings.announced().messagesPerSecond();
            if (rateLimits.tryTake(strikesKey(id), settings.strikes()) instanceof RateDecision.Limited) {
                limitHit(id, "message_rate_repeated");
                registry.find(id).ifPresent(c -> c.close(CloseReason.of(CloseCode.RATE_LIMITED,
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
        registry.startDraining();
        LOG.log(Level.INFO, () -> LogLine.event("drain").with("connections", registry.connectionCount())
                .with("timeout_ms", timeout.toMillis()).toString());
        registry.all().forEach(c -> c.close(GOING_AWAY));
        try {
            return registry.awaitEmpty(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return registry.reservedPlaces();
        }
    }

    @Override
    public boolean draining() {
        return registry.draining();
    }

    private static String messagesKey(ConnectionId id) {
        return "messages:" + id;
    }

    private static String strikesKey(ConnectionId id) {
        return "strikes:" + id;
    }
}

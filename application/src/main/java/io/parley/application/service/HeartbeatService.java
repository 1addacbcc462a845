package io.parley.application.service;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.parley.application.delivery.ConnectionRegistry;
import io.parley.application.delivery.LiveConnection;
import io.parley.application.delivery.OutboundQueue;
import io.parley.application.port.in.Principal;
import io.parley.application.port.in.KeepConnectionsAliveUseCase;
import io.parley.application.port.out.EventEncoderPort;
import io.parley.application.port.out.OutboundFrame;
import io.parley.domain.LogLine;
import io.parley.domain.connection.CloseCode;
import io.parley.domain.connection.CloseReason;
import io.parley.domain.heartbeat.HeartbeatPolicy;
import io.parley.domain.heartbeat.Verdict;
import io.parley.domain.protocol.ServerEvent;

/**
 * One pass over every connection per tick, at the clock's time: pings those due, closes the silent (4000) and the
 * idle (4001), those whose token expired or never came (1008), cuts those whose writes are stuck (4009) and those
 * that did not answer their close within the close timeout. No thread or timer per connection.
 */
public final class HeartbeatService implements KeepConnectionsAliveUseCase {
    private static final System.Logger LOG = System.getLogger(HeartbeatService.class.getName());

    private final ConnectionRegistry registry;
    private final EventEncoderPort encoder;
    private final Clock clock;
    private final HeartbeatPolicy policy;
    private final Duration writeTimeout;
    private final Duration closeTimeout;
    private final ConnectionSettings.TokenTimes tokens;
    private final OutboundFrame ping;

    public HeartbeatService(ConnectionRegistry registry, EventEncoderPort encoder, Clock clock,
                            ConnectionSettings settings) {
        this.registry = registry;
        this.encoder = encoder;
        this.clock = clock;
        this.policy = settings.heartbeat();
        this.writeTimeout = settings.writeTimeout();
        this.closeTimeout = settings.closeTimeout();
        this.tokens = settings.tokens();
        this.ping = encoder.encode(new ServerEvent.Ping());
    }

    @Override
    public void sweep() {
        Instant now = clock.instant();
        for (LiveConnection connection : registry.all()) {
            OutboundQueue queue = connection.queue();
            if (longerThan(queue.writeBlockedSince(), now, writeTimeout)) {
                log("slow_consumer", connection, "write made no progress for " + writeTimeout.toMillis() + " ms");
                queue.abort(CloseReason.of(CloseCode.SLOW_CONSUMER, "write timed out"));
                continue;
            }
            if (longerThan(queue.closingSince(), now, closeTimeout)) {
                queue.abort(CloseReason.of(CloseCode.ABNORMAL, "the close was not answered"));
                continue;
            }
            if (tokenEnded(connection, now)) {
                continue;
            }
            switch (policy.judge(connection.liveness(), now)) {
                case Verdict.Silent silent -> {
                    log("heartbeat_timeout", connection, "no frame for " + silent.silentFor().toMillis() + " ms");
                    connection.close(CloseReason.of(CloseCode.HEARTBEAT_TIMEOUT, "heartbeat timeout"));
                }
                case Verdict.Idle idle -> {
                    log("idle_timeout", connection, "no request for " + idle.idleFor().toMillis() + " ms");
                    connection.close(CloseReason.of(CloseCode.IDLE, "idle timeout"));
                }
                case Verdict.PingDue due -> {
                    connection.pinged(now);
                    queue.ping(ping);
                }
                case Verdict.Alive alive -> {
                }
            }
        }
    }

    /** How often {@link #sweep()} should run so that every bound is kept to within a quarter of itself. */
    public static Duration tickFor(ConnectionSettings settings) {
        HeartbeatPolicy policy = settings.heartbeat();
        Duration shortest = policy.interval();
        for (Duration d : new Duration[] {policy.timeout(), policy.idleTimeout(), settings.writeTimeout(),
                settings.closeTimeout(), settings.tokens().authTimeout()}) {
            shortest = d.compareTo(shortest) < 0 ? d : shortest;
        }
        Duration tick = shortest.dividedBy(4);
        return tick.compareTo(Duration.ofMillis(10)) < 0 ? Duration.ofMillis(10) : tick;
    }

    /**
     * Closes with 1008 a connection that did not send its token within the auth timeout, or whose token expired
     * (past the leeway) with no newer one; true when it did.
     */
    private boolean tokenEnded(LiveConnection connection, Instant now) {
        Principal who = connection.principal();
        if (!who.authenticated() && longerThan(Optional.of(connection.info().openedAt()), now, tokens.authTimeout())) {
            log("auth_timeout", connection, "no auth frame within " + tokens.authTimeout().toMillis() + " ms");
            connection.close(CloseReason.of(CloseCode.POLICY_VIOLATION, "no auth frame within "
                    + tokens.authTimeout().toMillis() + " ms"));
            return true;
        }
        if (who.expiresAt().isPresent() && now.isAfter(who.expiresAt().get().plus(tokens.leeway()))) {
            log("token_expired", connection, "the token expired at " + who.expiresAt().get());
            connection.close(CloseReason.of(CloseCode.POLICY_VIOLATION, "token expired"));
            return true;
        }
        return false;
    }

    private static boolean longerThan(Optional<Instant> since, Instant now, Duration bound) {
        return since.isPresent() && Duration.between(since.get(), now).compareTo(bound) > 0;
    }

    private static void log(String event, LiveConnection connection, String detail) {
        LOG.log(Level.INFO, () -> LogLine.event(event).with("connection", connection.id())
                .with("user", connection.user()).with("client", connection.info().client())
                .with("detail", detail).toString());
    }
}

package io.parley.application.service;

import java.time.Duration;

import io.parley.application.delivery.QueueSettings;
import io.parley.domain.connection.ConnectionLimits;
import io.parley.domain.connection.OriginPolicy;
import io.parley.domain.heartbeat.HeartbeatPolicy;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.ratelimit.RateLimit;

/**
 * How this node treats connections.
 *
 * @param node this node's id, announced in {@code welcome}
 * @param announced the limits announced to clients in {@code welcome}
 * @param writeTimeout how long a write may make no progress before the connection is ended
 * @param closeTimeout how long a closing connection may take to write its close frame and hear the answer
 * @param queues how every connection's outbound queue behaves
 * @param connectRate how fast one client may open connections
 * @param messageRate how fast one connection may send messages
 * @param strikes how many refusals for the message rate a connection gets before it is closed (4008)
 * @param tokens how long a connection without a token may take to send it, and the leeway on a token's expiry
 */
public record ConnectionSettings(String node, ConnectionLimits limits, OriginPolicy origins, HeartbeatPolicy heartbeat,
                                 ServerEvent.Limits announced, Duration writeTimeout, Duration closeTimeout,
                                 QueueSettings queues, RateLimit connectRate, RateLimit messageRate,
                                 RateLimit strikes, TokenTimes tokens) {
    public ConnectionSettings {
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("node id must not be blank");
        }
        if (limits == null || origins == null || heartbeat == null || announced == null || writeTimeout == null
                || closeTimeout == null || queues == null || connectRate == null || messageRate == null
                || strikes == null || tokens == null) {
            throw new IllegalArgumentException("connection settings are incomplete");
        }
    }

    /**
     * How long a connection that opened without a token may take to send it ({@code auth}), and how long past its
     * token's {@code exp} a connection may stay open (the clock-skew leeway).
     */
    public record TokenTimes(Duration authTimeout, Duration leeway) {
        public TokenTimes {
            if (authTimeout == null || authTimeout.isNegative() || authTimeout.isZero() || leeway == null
                    || leeway.isNegative()) {
                throw new IllegalArgumentException("the auth timeout must be positive and the leeway not negative");
            }
        }

        /** The protocol's defaults: 5 s for the auth frame, 30 s of leeway. */
        public static TokenTimes defaults() {
            return new TokenTimes(Duration.ofSeconds(5), Duration.ofSeconds(30));
        }
    }

    /** The protocol's strike rule: ten refusals within a minute, and the next one closes the connection. */
    public static RateLimit tenStrikesAMinute() {
        return RateLimit.perMinute(10);
    }
}

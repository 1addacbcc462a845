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
 */
public record ConnectionSettings(String node, ConnectionLimits limits, OriginPolicy origins, HeartbeatPolicy heartbeat,
                                 ServerEvent.Limits announced, Duration writeTimeout, Duration closeTimeout,
                                 QueueSettings queues, RateLimit connectRate, RateLimit messageRate,
                                 RateLimit strikes) {
    public ConnectionSettings {
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("node id must not be blank");
        }
        if (limits == null || origins == null || heartbeat == null || announced == null || writeTimeout == null
                || closeTimeout == null || queues == null || connectRate == null || messageRate == null
                || strikes == null) {
            throw new IllegalArgumentException("connection settings are incomplete");
        }
    }

    /** The protocol's strike rule: ten refusals within a minute, and the next one closes the connection. */
    public static RateLimit tenStrikesAMinute() {
        return RateLimit.perMinute(10);
    }
}

package io.parley.application.service;

import java.time.Duration;

import io.parley.domain.connection.ConnectionLimits;
import io.parley.domain.connection.OriginPolicy;
import io.parley.domain.heartbeat.HeartbeatPolicy;
import io.parley.domain.protocol.ServerEvent;

/**
 * How this node treats connections.
 *
 * @param node this node's id, announced in {@code welcome}
 * @param announced the limits announced to clients in {@code welcome}
 * @param writeTimeout how long a write may make no progress before the connection is ended
 */
public record ConnectionSettings(String node, ConnectionLimits limits, OriginPolicy origins, HeartbeatPolicy heartbeat,
                                 ServerEvent.Limits announced, Duration writeTimeout) {
    public ConnectionSettings {
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("node id must not be blank");
        }
        if (limits == null || origins == null || heartbeat == null || announced == null || writeTimeout == null) {
            throw new IllegalArgumentException("connection settings are incomplete");
        }
    }
}

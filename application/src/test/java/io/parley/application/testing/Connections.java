package io.parley.application.testing;

import java.time.Clock;
import java.time.Instant;

import io.parley.application.delivery.ConnectionRegistry;
import io.parley.application.delivery.LiveConnection;
import io.parley.application.delivery.OutboundQueue;
import io.parley.application.delivery.QueueSettings;
import io.parley.application.delivery.Traffic;
import io.parley.application.port.in.Principal;
import io.parley.application.port.out.ConnectionTransportPort;
import io.parley.application.port.out.EventEncoderPort;
import io.parley.application.port.out.IdentityPort;
import io.parley.domain.connection.ClientAddress;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.ConnectionInfo;
import io.parley.domain.connection.UserId;

/** Opens connections straight into a registry, their queues drained on the calling thread. */
public final class Connections {
    private Connections() {
    }

    public static LiveConnection register(ConnectionRegistry registry, String id, String user,
                                          ConnectionTransportPort transport, EventEncoderPort encoder,
                                          Traffic traffic, Instant at) {
        LiveConnection connection = new LiveConnection(new ConnectionInfo(new ConnectionId(id), new UserId(user),
                new ClientAddress("127.0.0.1"), at), Principal.of(new IdentityPort.Identity.Known(new UserId(user), true),
                new ClientAddress("127.0.0.1")),
                new OutboundQueue(transport, QueueSettings.defaults(), encoder, Runnable::run, Clock.systemUTC()),
                traffic);
        registry.register(connection);
        return connection;
    }
}

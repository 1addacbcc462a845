package io.parley.application.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.parley.application.port.out.ConnectionOutboundPort;
import io.parley.application.port.out.ConnectionOutboundPort.Offer;
import io.parley.application.port.out.OutboundFrame;
import io.parley.domain.LogLine;
import io.parley.domain.connection.ClientKey;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.ConnectionInfo;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.heartbeat.Liveness;
import io.parley.domain.protocol.ServerEvent;

/** An open connection on this node: who, its way out, its liveness, the conversations it has joined. */
final class LiveConnection {
    private static final System.Logger LOG = System.getLogger(LiveConnection.class.getName());

    private final ConnectionInfo info;
    private final ClientKey clientKey;
    private final ConnectionOutboundPort outbound;
    private final Traffic traffic;
    private final Map<ConversationId, Subscription> subscriptions = new HashMap<>();
    private volatile Instant lastInbound;
    private volatile Instant lastRequest;
    private volatile Instant lastPing;
    private boolean closed;
    private final AtomicBoolean overflowed = new AtomicBoolean();

    LiveConnection(ConnectionInfo info, ClientKey clientKey, ConnectionOutboundPort outbound, Traffic traffic) {
        this.info = info;
        this.clientKey = clientKey;
        this.outbound = outbound;
        this.traffic = traffic;
        this.lastInbound = info.openedAt();
        this.lastRequest = info.openedAt();
        this.lastPing = info.openedAt();
    }

    ConnectionId id() {
        return info.id();
    }

    UserId user() {
        return info.user();
    }

    ConnectionInfo info() {
        return info;
    }

    ClientKey clientKey() {
        return clientKey;
    }

    ConnectionOutboundPort outbound() {
        return outbound;
    }

    /** Queues a frame to this connection; true when it was queued. */
    boolean deliver(OutboundFrame frame) {
        Offer offer = outbound.offer(frame);
        if (offer == Offer.OVERFLOWED && overflowed.compareAndSet(false, true)) {
            traffic.limitHit("outbound_queue");
            LOG.log(System.Logger.Level.INFO, () -> LogLine.event("slow_consumer").with("connection", id())
                    .with("user", user()).with("client", info.client())
                    .with("detail", "outbound queue full, closing with 4009").toString());
        }
        if (offer != Offer.QUEUED) {
            return false;
        }
        traffic.frameOut();
        if (frame.event() instanceof ServerEvent.MessagePosted) {
            traffic.messageOut();
        }
        return true;
    }

    void frameReceived(Instant at) {
        lastInbound = at;
    }

    void requestReceived(Instant at) {
        lastInbound = at;
        lastRequest = at;
    }

    void pinged(Instant at) {
        lastPing = at;
    }

    Liveness liveness() {
        return new Liveness(lastInbound, lastRequest, lastPing);
    }

    /** Counts and logs a limit this connection hit, such as {@code joins_per_connection}. */
    void limitHit(String limit) {
        traffic.limitHit(limit);
        LOG.log(System.Logger.Level.INFO, () -> LogLine.event("limit_hit").with("limit", limit)
                .with("connection", id()).with("user", user()).with("client", info.client()).toString());
    }

    /** How many conversations this connection has joined. */
    synchronized int joinedCount() {
        return subscriptions.size();
    }

    synchronized Optional<Subscription> subscription(ConversationId conversation) {
        return Optional.ofNullable(subscriptions.get(conversation));
    }

    /** Records a subscription; false when the connection has closed meanwhile. */
    synchronized boolean add(Subscription subscription) {
        if (closed) {
            return false;
        }
        subscriptions.put(subscription.conversation(), subscription);
        return true;
    }

    synchronized Optional<Subscription> remove(ConversationId conversation) {
        return Optional.ofNullable(subscriptions.remove(conversation));
    }

    /** Marks the connection closed and hands back every subscription it had. */
    synchronized List<Subscription> closeAll() {
        closed = true;
        List<Subscription> all = new ArrayList<>(subscriptions.values());
        subscriptions.clear();
        return all;
    }
}

package io.parley.application.delivery;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.parley.application.port.in.ConnectionSession;
import io.parley.application.port.in.Principal;
import io.parley.application.port.out.Outbound;
import io.parley.application.port.out.OutboundFrame;
import io.parley.domain.LogLine;
import io.parley.domain.connection.ClientKey;
import io.parley.domain.connection.CloseReason;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.ConnectionInfo;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.delivery.Offer;
import io.parley.domain.heartbeat.Liveness;
import io.parley.domain.protocol.ServerEvent;

/**
 * An open connection on this node: who, its outbound queue, its liveness, the conversations it has joined. It is
 * the session its adapter drives ({@link ConnectionSession}).
 */
public final class LiveConnection implements ConnectionSession {
    private static final System.Logger LOG = System.getLogger(LiveConnection.class.getName());

    private final ConnectionInfo info;
    private volatile Principal principal;
    private final OutboundQueue queue;
    private final Traffic traffic;
    private final Map<ConversationId, Subscription> subscriptions = new HashMap<>();
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private volatile Instant lastInbound;
    private volatile Instant lastRequest;
    private volatile Instant lastPing;
    private boolean closed;

    public LiveConnection(ConnectionInfo info, Principal principal, OutboundQueue queue, Traffic traffic) {
        this.info = info;
        this.principal = principal;
        this.queue = queue;
        this.traffic = traffic;
        this.lastInbound = info.openedAt();
        this.lastRequest = info.openedAt();
        this.lastPing = info.openedAt();
    }

    @Override
    public ConnectionId id() {
        return info.id();
    }

    /** The connection's user (a stand-in until a connection that opened without a token authenticates). */
    public UserId user() {
        return principal.user();
    }

    /** Who the connection is now: its user, its client key, its token's expiry and grants. */
    public Principal principal() {
        return principal;
    }

    /**
     * Who the connection is from now on: once it authenticated, or with a refreshed token. Only the token's
     * expiry and grants may change once authenticated: the user stays.
     */
    public void becomes(Principal next) {
        Principal now = principal;
        if (now.authenticated() && !now.user().equals(next.user())) {
            throw new IllegalArgumentException("an authenticated connection keeps its user");
        }
        principal = next;
    }

    public ConnectionInfo info() {
        return info;
    }

    public ClientKey clientKey() {
        return principal.clientKey();
    }

    public OutboundQueue queue() {
        return queue;
    }

    /** Queues a frame to this connection; true when it was queued. */
    public boolean deliver(OutboundFrame frame) {
        return deliver(new Outbound.Text(frame));
    }

    /** Queues a text frame, which the fan-out shares between its members' queues; true when it was queued. */
    boolean deliver(Outbound.Text frame) {
        Offer offer = counted(queue.offer(frame));
        if (offer != Offer.QUEUED) {
            return false;
        }
        traffic.frameOut();
        if (frame.frame().event() instanceof ServerEvent.MessagePosted) {
            traffic.messageOut();
        }
        return true;
    }

    @Override
    public ReplySlot reserveReply() {
        ReplySlot slot = queue.reserveReply();
        return answer -> {
            slot.fill(answer);
            answer.forEach(frame -> traffic.frameOut());
        };
    }

    @Override
    public Offer pong(byte[] payload) {
        return counted(queue.pong(payload));
    }

    @Override
    public void close(CloseReason reason) {
        queue.close(reason);
    }

    @Override
    public void fail(CloseReason reason) {
        queue.fail(reason);
    }

    @Override
    public void peerClosed(CloseReason reason) {
        queue.peerClosed(reason);
    }

    /** Counts and logs a limit this connection hit, such as {@code joins_per_connection}. */
    public void limitHit(String limit) {
        traffic.limitHit(limit);
        LOG.log(Level.INFO, () -> LogLine.event("limit_hit").with("limit", limit)
                .with("connection", id()).with("user", user()).with("client", info.client()).toString());
    }

    public void frameReceived(Instant at) {
        lastInbound = at;
    }

    public void requestReceived(Instant at) {
        lastInbound = at;
        lastRequest = at;
    }

    public void pinged(Instant at) {
        lastPing = at;
    }

    public Liveness liveness() {
        return new Liveness(lastInbound, lastRequest, lastPing);
    }

    /** How many conversations this connection has joined. */
    public synchronized int joinedCount() {
        return subscriptions.size();
    }

    public synchronized Optional<Subscription> subscription(ConversationId conversation) {
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

    /** The first overflow of the queue is counted and logged: the connection is closed as a slow consumer. */
    private Offer counted(Offer offer) {
        if (offer == Offer.OVERFLOWED && overflowed.compareAndSet(false, true)) {
            traffic.limitHit("outbound_queue");
            LOG.log(Level.INFO, () -> LogLine.event("slow_consumer").with("connection", id())
                    .with("user", user()).with("client", info.client())
                    .with("detail", "outbound queue full, closing with 4009").toString());
        }
        return offer;
    }
}

package io.parley.adapter.out.cluster;

import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import io.parley.adapter.common.json.Json;
import io.parley.adapter.out.cluster.ClusterCodec.Envelope;
import io.parley.application.port.in.DeliverLocallyUseCase;
import io.parley.application.port.out.FanoutPort;
import io.parley.domain.LogLine;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Role;
import io.parley.domain.protocol.Exclusions;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.run.RunId;

/**
 * The fan-out of a cluster node: what happens here is delivered to this node's members at once and published on
 * the cluster's Redis channel; what other nodes publish is handed, in order, to this node's
 * {@link DeliverLocallyUseCase} on a thread of its own (never on Redis's). Pub/sub is at most once, so the
 * store makes delivery exact: a message missed while Redis was away is read from the store once this node is
 * subscribed again ({@code catchUpFromStore}); one this node could not publish makes it ask the others to do the
 * same once Redis answers again; one missed otherwise shows as a gap the delivery core repairs.
 */
public final class RedisFanout implements FanoutPort, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RedisFanout.class.getName());
    private static final int INBOUND_BOUND = 100_000;
    private static final long SETTLE_EVERY_MILLIS = 200;

    private final RedisLinks links;
    private final DeliverLocallyUseCase inbound;
    private final ClusterCodec codec = new ClusterCodec(new ObjectMapper(Json.sharedBuffers().build()));
    private final String channel;
    private final String node;
    private final StatefulRedisPubSubConnection<String, String> subscription;
    private final BlockingQueue<String> arrived = new ArrayBlockingQueue<>(INBOUND_BOUND);
    private final AtomicBoolean connected = new AtomicBoolean();
    private final AtomicBoolean everSubscribed = new AtomicBoolean();
    private final AtomicBoolean catchUp = new AtomicBoolean();
    private final AtomicBoolean unpublished = new AtomicBoolean();
    private final Thread dispatcher;

    public RedisFanout(RedisLinks links, DeliverLocallyUseCase inbound) {
        this.links = links;
        this.inbound = inbound;
        this.channel = links.settings().key("events");
        this.node = links.settings().node();
        this.subscription = links.client().connectPubSub();
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
                take(message);
            }

            @Override
            public void subscribed(String subscribed, long count) {
                boolean again = subscribed.equals(channel) && connected.compareAndSet(false, true)
                        && everSubscribed.getAndSet(true);
                if (again) {
                    LOG.log(Level.INFO, LogLine.event("cluster_link").with("state", "up").with("node", node)
                            .toString());
                    askCatchUp();
                }
            }
        });
        links.client().addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (connection == subscription && connected.compareAndSet(true, false)) {
                    LOG.log(Level.WARNING, LogLine.event("cluster_link").with("state", "degraded").with("node", node)
                            .with("detail", "Redis is away: this node serves its own members; the rest catches up "
                                    + "from the store when it is back").toString());
                }
            }
        });
        subscription.sync().subscribe(channel);
        this.dispatcher = Thread.ofVirtual().name("parley-cluster-inbound").start(this::dispatch);
    }

    @Override
    public void publish(ConversationId conversation, ServerEvent event) {
        inbound.deliverLocally(conversation, event);
        send(new Envelope.ToConversation(node, conversation, event));
    }

    @Override
    public void publishToUser(UserId user, ServerEvent event) {
        inbound.deliverToUserLocally(user, event);
        send(new Envelope.ToUser(node, user, event));
    }

    @Override
    public void broadcast(ServerEvent event, Exclusions exclusions) {
        inbound.deliverToEveryoneLocally(event, exclusions);
        send(new Envelope.ToEveryone(node, event, exclusions));
    }

    @Override
    public void membershipChanged(ConversationId conversation, UserId user, Optional<Role> role) {
        inbound.membershipChangedLocally(conversation, user, role);
        send(new Envelope.Membership(node, conversation, user, role));
    }

    @Override
    public void conversationDeleted(ConversationId conversation) {
        inbound.conversationDeletedLocally(conversation);
        send(new Envelope.Deletion(node, conversation));
    }

    @Override
    public void cancelRun(RunId run) {
        send(new Envelope.Cancel(node, run));
    }

    @Override
    public Reach reach() {
        return connected.get() && subscription.isOpen() ? Reach.CLUSTER : Reach.DEGRADED;
    }

    /**
     * Publishes without waiting. A publish that fails (Redis is away) is remembered: once Redis answers again, this
     * node asks every other one to catch up from the store ({@link #settle}), where the event's message already is.
     */
    private void send(Envelope envelope) {
        String text = codec.write(envelope);
        try {
            links.commands().async().publish(channel, text).exceptionally(failure -> {
                LOG.log(Level.DEBUG, () -> "a cluster publish failed: " + failure.getMessage());
                unpublished.set(true);
                return 0L;
            });
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "a cluster publish was refused: " + e.getMessage());
            unpublished.set(true);
        }
    }

    /** After publishes failed: tells the other nodes to catch up, as soon as Redis takes it. */
    private void settle() {
        if (!links.isOpen() || !unpublished.compareAndSet(true, false)) {
            return;
        }
        LOG.log(Level.INFO, () -> LogLine.event("cluster_catch_up_asked").with("node", node).toString());
        send(new Envelope.CatchUp(node));
    }

    /** The dispatcher reads the store once what has arrived is handed over. */
    private void askCatchUp() {
        catchUp.set(true);
        arrived.offer("");
    }

    /** On Redis's thread: only hands the message over. */
    private void take(String message) {
        if (!arrived.offer(message)) {
            if (!catchUp.getAndSet(true)) {
                LOG.log(Level.WARNING, LogLine.event("limit_hit").with("limit", "cluster_inbound").with("node", node)
                        .with("detail", "more than " + INBOUND_BOUND + " events waiting: dropped, the messages "
                                + "among them will be read from the store").toString());
            }
        }
    }

    private void dispatch() {
        while (!Thread.currentThread().isInterrupted()) {
            String message;
            try {
                message = arrived.poll(SETTLE_EVERY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            try {
                settle();
                if (message != null && !message.isEmpty()) {
                    hand(codec.read(message));
                }
                if (arrived.isEmpty() && catchUp.compareAndSet(true, false)) {
                    inbound.catchUpFromStore();
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a cluster event could not be handled", e);
            }
        }
    }

    private void hand(Envelope envelope) {
        if (envelope.node().equals(node)) {
            return;
        }
        switch (envelope) {
            case Envelope.ToConversation c -> inbound.deliverLocally(c.conversation(), c.event());
            case Envelope.ToUser u -> inbound.deliverToUserLocally(u.user(), u.event());
            case Envelope.ToEveryone b -> inbound.deliverToEveryoneLocally(b.event(), b.exclusions());
            case Envelope.Membership m -> inbound.membershipChangedLocally(m.conversation(), m.user(), m.role());
            case Envelope.Deletion d -> inbound.conversationDeletedLocally(d.conversation());
            case Envelope.Cancel x -> inbound.cancelRunLocally(x.run());
            case Envelope.CatchUp r -> catchUp.set(true);
        }
    }

    @Override
    public void close() {
        dispatcher.interrupt();
        subscription.close();
    }
}

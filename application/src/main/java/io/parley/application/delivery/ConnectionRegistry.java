package io.parley.application.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.parley.application.port.out.ClientCountsPort;
import io.parley.application.port.out.OutboundFrame;
import io.parley.domain.connection.AdmissionDecision;
import io.parley.domain.connection.ClientKey;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.ConnectionLimits;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Role;

/**
 * The connections this node holds and the conversations they have joined. Delivers to one connection, to every
 * connection of a conversation, or to all; counts; and keeps nothing of a connection once it is unregistered.
 * Places in the limits are reserved at admission and given back when the connection ends or never opens.
 */
public final class ConnectionRegistry {
    private final Map<ConnectionId, LiveConnection> connections = new ConcurrentHashMap<>();
    private final Map<ConversationId, ConversationChannel> channels = new ConcurrentHashMap<>();
    private final Map<UserId, Set<LiveConnection>> byUser = new ConcurrentHashMap<>();
    private final ConnectionPlaces places;
    private volatile SubscriptionListener listener = SubscriptionListener.NONE;
    private volatile boolean draining;

    /** A registry of one node. */
    public ConnectionRegistry() {
        this(ClientCountsPort.NONE);
    }

    /** @param elsewhere the connections clients hold on other nodes, which per-client limits count too */
    public ConnectionRegistry(ClientCountsPort elsewhere) {
        this.places = new ConnectionPlaces(elsewhere);
    }

    /** From now on {@code listener} hears every subscription begin and end. */
    public void listen(SubscriptionListener listener) {
        this.listener = listener;
    }

    /** From now on the node drains for shutdown: it refuses new connections and new requests. */
    public void startDraining() {
        draining = true;
    }

    /** Whether the node drains for shutdown. */
    public boolean draining() {
        return draining;
    }

    /** Reserves a place for one more connection of {@code client} from {@code address} if the limits allow it. */
    public AdmissionDecision reserve(ClientKey client, ClientKey address, ConnectionLimits limits) {
        return places.reserve(client, address, limits, draining);
    }

    /** Moves a connection's client place to another client (its user, once it authenticated), if there is room. */
    public AdmissionDecision move(ClientKey from, ClientKey to, ConnectionLimits limits) {
        return places.move(from, to, limits);
    }

    /** Gives back a place reserved for {@code client} from {@code address}. */
    public void release(ClientKey client, ClientKey address) {
        places.release(client, address);
    }

    public void register(LiveConnection connection) {
        connections.put(connection.id(), connection);
        if (connection.principal().authenticated()) {
            indexUser(connection);
        }
    }

    /** Makes a connection that authenticated reachable by its user. */
    public void indexUser(LiveConnection connection) {
        byUser.computeIfAbsent(connection.user(), u -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    /** The open connections of {@code user} on this node. */
    public Collection<LiveConnection> connectionsOf(UserId user) {
        return byUser.getOrDefault(user, Set.of());
    }

    /** Removes a connection and all its subscriptions; empty when it was not (or no longer) registered. */
    public Optional<LiveConnection> unregister(ConnectionId id) {
        LiveConnection connection = connections.remove(id);
        if (connection == null) {
            return Optional.empty();
        }
        byUser.computeIfPresent(connection.user(), (user, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
        connection.closeAll().forEach(this::detach);
        return Optional.of(connection);
    }

    public Optional<LiveConnection> find(ConnectionId id) {
        return Optional.ofNullable(connections.get(id));
    }

    public Collection<LiveConnection> all() {
        return connections.values();
    }

    /**
     * Subscribes a connection to a conversation's live events, holding them back until the subscription goes
     * live. The first local subscriber asks {@code latestOffset} where the conversation stands. Empty when the
     * connection closed meanwhile.
     */
    public Optional<Subscription> subscribe(LiveConnection connection, ConversationId conversation, Role role,
                                     LongSupplier latestOffset) {
        Subscription subscription = new Subscription(connection, conversation, role);
        if (!connection.add(subscription)) {
            return Optional.empty();
        }
        while (true) {
            ConversationChannel channel = channels.computeIfAbsent(conversation, ConversationChannel::new);
            boolean added;
            try {
                added = channel.add(subscription, latestOffset);
            } catch (RuntimeException e) {
                connection.remove(conversation);
                if (channel.size() == 0) {
                    channels.remove(conversation, channel);
                }
                throw e;
            }
            if (added) {
                listener.subscribed(subscription);
                return Optional.of(subscription);
            }
            channels.remove(conversation, channel);
        }
    }

    /** Takes a connection out of a conversation; false when it was not in it. */
    public boolean unsubscribe(LiveConnection connection, ConversationId conversation) {
        Optional<Subscription> subscription = connection.remove(conversation);
        subscription.ifPresent(this::detach);
        return subscription.isPresent();
    }

    /** Delivers a frame to every connection of a conversation, in the conversation's order; returns how many. */
    public int deliverToConversation(ConversationId conversation, OutboundFrame frame, Instant now) {
        ConversationChannel channel = channels.get(conversation);
        return channel == null ? 0 : channel.publish(frame, now);
    }

    /** Whether any connection of this node has joined {@code conversation}. */
    public boolean hasSubscribers(ConversationId conversation) {
        return channels.containsKey(conversation);
    }

    public int connectionCount() {
        return connections.size();
    }

    public int conversationCount() {
        return channels.size();
    }

    public int userCount() {
        return byUser.size();
    }

    /** Places reserved in the limits: open connections plus admitted ones still opening. */
    public int reservedPlaces() {
        return places.reserved();
    }

    /** Waits until no place is reserved any more, or {@code timeout} passed; returns the places still reserved. */
    public int awaitEmpty(Duration timeout) throws InterruptedException {
        return places.awaitEmpty(timeout);
    }

    /** The subscriptions {@code user}'s connections here hold in {@code conversation}. */
    List<Subscription> subscriptionsOf(ConversationId conversation, UserId user) {
        ConversationChannel channel = channels.get(conversation);
        return channel == null ? List.of() : channel.subscribersOf(user);
    }

    /**
     * Ends every subscription to {@code conversation} here (it was deleted): returns the connections that had one.
     */
    List<LiveConnection> retire(ConversationId conversation) {
        ConversationChannel channel = channels.remove(conversation);
        if (channel == null) {
            return List.of();
        }
        List<LiveConnection> members = new ArrayList<>();
        for (Subscription subscription : channel.retire()) {
            subscription.connection().remove(conversation);
            members.add(subscription.connection());
            listener.unsubscribed(subscription);
        }
        return members;
    }

    /** Channels whose messages have waited behind a gap for longer than {@code patience}. */
    List<ConversationChannel.Gap> gapsOlderThan(Duration patience, Instant now) {
        List<ConversationChannel.Gap> gaps = new ArrayList<>();
        for (ConversationChannel channel : channels.values()) {
            channel.gapOlderThan(patience, now).ifPresent(gaps::add);
        }
        return gaps;
    }

    /** Where every channel here stands: from the next offset it waits for, on (for a catch-up from the store). */
    List<ConversationChannel.Gap> tails() {
        List<ConversationChannel.Gap> tails = new ArrayList<>();
        for (ConversationChannel channel : channels.values()) {
            channel.tail().ifPresent(tails::add);
        }
        return tails;
    }

    /** Gives up on a gap that cannot be filled. */
    void skipGap(ConversationChannel.Gap gap) {
        ConversationChannel channel = channels.get(gap.conversation());
        if (channel != null) {
            channel.skipTo(gap.to() + 1);
        }
    }

    private void detach(Subscription subscription) {
        ConversationChannel channel = channels.get(subscription.conversation());
        if (channel != null && channel.remove(subscription)) {
            channels.remove(subscription.conversation(), channel);
        }
        listener.unsubscribed(subscription);
    }
}

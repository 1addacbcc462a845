package io.parley.application.delivery;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.parley.application.port.in.RepairDeliveryGapsUseCase;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.EventEncoderPort;
import io.parley.application.port.out.FanoutPort;
import io.parley.application.port.out.Outbound;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.domain.LogLine;
import io.parley.domain.connection.CloseCode;
import io.parley.domain.connection.CloseReason;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.Role;
import io.parley.domain.protocol.Exclusions;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.run.RunId;

/**
 * Delivery within this node: encodes an event once and hands it to the conversation's local subscribers, in the
 * conversation's order, to a user's connections, or to every connection; and applies membership changes to the
 * subscriptions held here. It is the single-node {@link FanoutPort} (a cluster adapter wraps it, and
 * hands what other nodes publish to {@link #deliverLocally}). A message whose predecessor never arrived (its
 * publisher failed after storing it) is read from the store after a short patience.
 */
public final class LocalDelivery implements FanoutPort, RepairDeliveryGapsUseCase {
    private static final System.Logger LOG = System.getLogger(LocalDelivery.class.getName());

    private final ConnectionRegistry registry;
    private final EventEncoderPort encoder;
    private final ConversationStorePort store;
    private final Clock clock;
    private final Duration gapPatience;

    public LocalDelivery(ConnectionRegistry registry, EventEncoderPort encoder, ConversationStorePort store, Clock clock,
                       Duration gapPatience) {
        this.registry = registry;
        this.encoder = encoder;
        this.store = store;
        this.clock = clock;
        this.gapPatience = gapPatience;
    }

    @Override
    public void publish(ConversationId conversation, ServerEvent event) {
        deliverLocally(conversation, event);
    }

    /** Delivers {@code event} to the conversation's members here; returns to how many. Messages in offset order. */
    public int deliverLocally(ConversationId conversation, ServerEvent event) {
        if (!registry.hasSubscribers(conversation)) {
            return 0;
        }
        return registry.deliverToConversation(conversation, encoder.encode(event), clock.instant());
    }

    @Override
    public void publishToUser(UserId user, ServerEvent event) {
        deliverToUserLocally(user, event);
    }

    @Override
    public void broadcast(ServerEvent event, Exclusions exclusions) {
        deliverToEveryoneLocally(event, exclusions);
    }

    @Override
    public void membershipChanged(ConversationId conversation, UserId user, Optional<Role> role) {
        membershipChangedLocally(conversation, user, role);
    }

    @Override
    public void conversationDeleted(ConversationId conversation) {
        conversationDeletedLocally(conversation);
    }

    /**
     * Delivers {@code event} to every connection of {@code user} here; returns to how many. {@code UserErased}
     * closes them instead (1008: the user no longer exists).
     */
    public int deliverToUserLocally(UserId user, ServerEvent event) {
        Collection<LiveConnection> connections = registry.connectionsOf(user);
        if (connections.isEmpty()) {
            return 0;
        }
        if (event instanceof ServerEvent.UserErased) {
            connections.forEach(c -> c.close(CloseReason.of(CloseCode.POLICY_VIOLATION, "this user was erased")));
            return connections.size();
        }
        Outbound.Text frame = new Outbound.Text(encoder.encode(event)); // one for every connection's queue
        return (int) connections.stream().filter(c -> c.deliver(frame)).count();
    }

    /** Delivers {@code event} to every authenticated connection here but those left out; returns to how many. */
    public int deliverToEveryoneLocally(ServerEvent event, Exclusions exclusions) {
        Outbound.Text frame = new Outbound.Text(encoder.encode(event)); // one for every connection's queue
        return (int) registry.all().stream().filter(c -> c.principal().authenticated())
                .filter(c -> !exclusions.excludes(c.user(), c.id())).filter(c -> c.deliver(frame)).count();
    }

    /** Applies a membership change to the subscriptions held here: {@code role}, or {@code left} (removed). */
    public void membershipChangedLocally(ConversationId conversation, UserId user, Optional<Role> role) {
        for (Subscription subscription : registry.subscriptionsOf(conversation, user)) {
            LiveConnection connection = subscription.connection();
            if (role.isPresent()) {
                subscription.changeRole(role.get());
                connection.deliver(encoder.encode(new ServerEvent.RoleChanged(conversation, role.get())));
            } else if (registry.unsubscribe(connection, conversation)) {
                connection.deliver(encoder.encode(ServerEvent.Left.removed(conversation)));
            }
        }
    }

    /** The conversation's members here get {@code deleted} and are unsubscribed. */
    public void conversationDeletedLocally(ConversationId conversation) {
        Outbound.Text deleted = new Outbound.Text(encoder.encode(new ServerEvent.Deleted(conversation)));
        registry.retire(conversation).forEach(connection -> connection.deliver(deleted));
    }

    /** On one node, a run runs where it was asked for: there is no other node to ask. */
    @Override
    public void cancelRun(RunId run) {
    }

    /**
     * Reads from the store what every conversation joined here holds past what was delivered here, and delivers
     * it (each message once: the channel's order drops what it has seen).
     */
    public void catchUpFromStore() {
        for (ConversationChannel.Gap tail : registry.tails()) {
            deliverMissing(tail, "delivery_catch_up");
        }
    }

    @Override
    public void repairGaps() {
        for (ConversationChannel.Gap gap : registry.gapsOlderThan(gapPatience, clock.instant())) {
            if (deliverMissing(gap, "delivery_gap") == 0) {
                registry.skipGap(gap);
            }
        }
    }

    /**
     * Reads the offsets {@code gap} names from the store and delivers them; returns how many were found (-1 when
     * the store could not be asked).
     */
    private int deliverMissing(ConversationChannel.Gap gap, String event) {
        try {
            long wanted = gap.to() == Long.MAX_VALUE ? MessageRange.MAX_LIMIT : gap.to() - gap.from() + 1;
            List<Message> missing = store.messages(gap.conversation(), MessageRange.after(gap.from() - 1,
                    (int) Math.min(MessageRange.MAX_LIMIT, wanted)));
            if (!missing.isEmpty() || gap.to() != Long.MAX_VALUE) {
                LOG.log(Level.INFO, () -> LogLine.event(event).with("conversation", gap.conversation())
                        .with("from", gap.from()).with("to", gap.to() == Long.MAX_VALUE ? null : gap.to())
                        .with("found", missing.size()).toString());
            }
            missing.stream().filter(m -> m.offset() <= gap.to())
                    .forEach(m -> deliverLocally(gap.conversation(), new ServerEvent.MessagePosted(m)));
            return missing.size();
        } catch (StoreUnavailableException e) {
            LOG.log(Level.WARNING, () -> LogLine.event(event + "_unrepaired")
                    .with("conversation", gap.conversation()).with("error", e.getMessage()).toString());
            return -1;
        }
    }
}

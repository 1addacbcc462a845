package io.parley.application.delivery;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.parley.application.port.in.DeliverLocallyUseCase;
import io.parley.application.port.in.RepairDeliveryGapsUseCase;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.EventEncoderPort;
import io.parley.application.port.out.FanoutPort;
import io.parley.application.port.out.OutboundFrame;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.domain.LogLine;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.Role;
import io.parley.domain.protocol.Exclusions;
import io.parley.domain.protocol.ServerEvent;

/**
 * Delivery within this node: encodes an event once and hands it to the conversation's local subscribers, in the
 * conversation's order, to a user's connections, or to every connection; and applies membership changes to the
 * subscriptions held here. It is the single-node {@link FanoutPort} (a cluster adapter wraps it, and
 * hands what other nodes publish to {@link #deliverLocally}). A message whose predecessor never arrived (its
 * publisher failed after storing it) is read from the store after a short patience.
 */
public final class LocalDelivery implements FanoutPort, DeliverLocallyUseCase,
        RepairDeliveryGapsUseCase {
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

    @Override
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

    @Override
    public int deliverToUserLocally(UserId user, ServerEvent event) {
        Collection<LiveConnection> connections = registry.connectionsOf(user);
        if (connections.isEmpty()) {
            return 0;
        }
        OutboundFrame frame = encoder.encode(event);
        return (int) connections.stream().filter(c -> c.deliver(frame)).count();
    }

    @Override
    public int deliverToEveryoneLocally(ServerEvent event, Exclusions exclusions) {
        OutboundFrame frame = encoder.encode(event);
        return (int) registry.all().stream().filter(c -> c.principal().authenticated())
                .filter(c -> !exclusions.excludes(c.user(), c.id())).filter(c -> c.deliver(frame)).count();
    }

    @Override
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

    @Override
    public void conversationDeletedLocally(ConversationId conversation) {
        OutboundFrame deleted = encoder.encode(new ServerEvent.Deleted(conversation));
        registry.retire(conversation).forEach(connection -> connection.deliver(deleted));
    }

    @Override
    public void repairGaps() {
        for (ConversationChannel.Gap gap : registry.gapsOlderThan(gapPatience, clock.instant())) {
            try {
                List<Message> missing = store.messages(gap.conversation(),
                        MessageRange.between(gap.from() - 1, gap.to() + 1, (int) Math.min(MessageRange.MAX_LIMIT,
                                gap.to() - gap.from() + 1)));
                LOG.log(Level.INFO, () -> LogLine.event("delivery_gap").with("conversation", gap.conversation())
                        .with("from", gap.from()).with("to", gap.to()).with("found", missing.size()).toString());
                missing.forEach(m -> deliverLocally(gap.conversation(), new ServerEvent.MessagePosted(m)));
                if (missing.isEmpty()) {
                    registry.skipGap(gap);
                }
            } catch (StoreUnavailableException e) {
                LOG.log(Level.WARNING, () -> LogLine.event("delivery_gap_unrepaired")
                        .with("conversation", gap.conversation()).with("error", e.getMessage()).toString());
            }
        }
    }
}

package io.parley.application.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

import io.parley.application.port.out.Outbound;
import io.parley.application.port.out.OutboundFrame;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.OffsetOrder;
import io.parley.domain.protocol.ServerEvent;

/**
 * The subscribers one conversation has on this node, and the order its messages go out in: whatever order
 * concurrent senders (or other nodes) publish them in, every subscriber sees offsets ascending, each once.
 */
final class ConversationChannel {
    private final ConversationId conversation;
    private final Set<Subscription> subscribers = new LinkedHashSet<>();
    private OffsetOrder<OutboundFrame> order;
    private Instant gapSince;
    private boolean retired;

    ConversationChannel(ConversationId conversation) {
        this.conversation = conversation;
    }

    ConversationId conversation() {
        return conversation;
    }

    /**
     * Adds a subscriber; the first one fixes where the order starts, after the store's latest offset. False when
     * the channel was retired meanwhile (the caller makes a new one).
     */
    synchronized boolean add(Subscription subscription, LongSupplier latestOffset) {
        if (retired) {
            return false;
        }
        if (order == null) {
            try {
                order = OffsetOrder.expecting(latestOffset.getAsLong() + 1);
            } catch (RuntimeException e) {
                retired = subscribers.isEmpty();
                throw e;
            }
        }
        subscribers.add(subscription);
        return true;
    }

    /** Removes a subscriber; true when that was the last and the channel is retired. */
    synchronized boolean remove(Subscription subscription) {
        subscribers.remove(subscription);
        if (subscribers.isEmpty()) {
            retired = true;
        }
        return retired;
    }

    /** Delivers an event to every subscriber, messages in offset order; returns how many frames were queued. */
    synchronized int publish(OutboundFrame frame, Instant now) {
        if (order == null || retired) {
            return 0;
        }
        if (!(frame.event() instanceof ServerEvent.MessagePosted posted)) {
            return deliverToAll(frame);
        }
        OffsetOrder.Step<OutboundFrame> step = order.accept(posted.message().offset(), frame);
        order = step.order();
        gapSince = order.hasGap() ? (gapSince == null ? now : gapSince) : null;
        int queued = 0;
        for (OutboundFrame ready : step.ready()) {
            queued += deliverToAll(ready);
        }
        return queued;
    }

    /** The offsets missing for longer than {@code patience}, if messages wait behind such a gap. */
    synchronized Optional<Gap> gapOlderThan(Duration patience, Instant now) {
        if (gapSince == null || Duration.between(gapSince, now).compareTo(patience) < 0) {
            return Optional.empty();
        }
        return Optional.of(new Gap(conversation, order.next(), order.gapEnd()));
    }

    /** From the next offset this channel waits for, on, if it has started. */
    synchronized Optional<Gap> tail() {
        return order == null || retired ? Optional.empty() : Optional.of(new Gap(conversation, order.next(),
                Long.MAX_VALUE));
    }

    /** Gives up on offsets below {@code offset} (they cannot be found); what waited behind them goes out. */
    synchronized void skipTo(long offset) {
        if (order == null) {
            return;
        }
        OffsetOrder.Step<OutboundFrame> step = order.skipTo(offset);
        order = step.order();
        gapSince = order.hasGap() ? gapSince : null;
        step.ready().forEach(this::deliverToAll);
    }

    synchronized int size() {
        return subscribers.size();
    }

    /** The subscriptions of {@code user}'s connections. */
    synchronized List<Subscription> subscribersOf(UserId user) {
        return subscribers.stream().filter(s -> s.connection().user().equals(user)).toList();
    }

    /** Retires the channel at once (its conversation was deleted) and hands back its subscriptions. */
    synchronized List<Subscription> retire() {
        retired = true;
        List<Subscription> all = List.copyOf(subscribers);
        subscribers.clear();
        return all;
    }

    /**
     * Offers {@code frame} to every subscriber; a user is not told of its own arrival, departure or typing. A deleted
     * message keeps its place in the offset order and is sent to nobody.
     */
    private int deliverToAll(OutboundFrame frame) {
        if (frame.event() instanceof ServerEvent.MessagePosted posted && posted.message().isDeleted()) {
            return 0;
        }
        UserId about = switch (frame.event()) {
            case ServerEvent.PresenceChanged changed -> changed.user();
            case ServerEvent.Typing typing -> typing.user();
            default -> null;
        };
        int queued = 0;
        Outbound.Text text = new Outbound.Text(frame); // one for every member's queue, not one each
        for (Subscription subscriber : subscribers) {
            // per delivery: a message is about nobody, and then no member's user is looked at
            if ((about == null || !about.equals(subscriber.connection().user())) && subscriber.offer(text)) {
                queued++;
            }
        }
        return queued;
    }

    /** Offsets {@code from}..{@code to} of {@code conversation} have not arrived. */
    record Gap(ConversationId conversation, long from, long to) {
    }
}

package io.parley.application.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

import io.parley.application.port.out.ConversationFanoutPort;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.protocol.ServerEvent;

/**
 * Stores a message and, when it is new, counts it and pushes it to every member: the way members' and backends'
 * messages enter a conversation (the assistant's replies are stored and pushed by its runs, not counted as in).
 */
final class Posting {
    private final ConversationStorePort store;
    private final ConversationFanoutPort fanout;
    private final Traffic traffic;

    Posting(ConversationStorePort store, ConversationFanoutPort fanout, Traffic traffic) {
        this.store = store;
        this.fanout = fanout;
        this.traffic = traffic;
    }

    /** Appends (committed before this returns) and publishes what was newly stored. */
    Appended post(NewMessage message) {
        return post(message, stored -> { });
    }

    /**
     * Appends and publishes what was newly stored, running {@code beforePublish} in between: the sender's
     * {@code ack} goes out before anybody's copy of the message.
     */
    Appended post(NewMessage message, Consumer<Message> beforePublish) {
        Appended appended = store.append(message);
        if (appended instanceof Appended.Stored stored) {
            traffic.messageIn();
            beforePublish.accept(stored.message());
            fanout.publish(message.conversation(), new ServerEvent.MessagePosted(stored.message()));
        }
        return appended;
    }

    /** The current time at the precision stores keep (milliseconds), so a message reads back as it was sent. */
    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Whether {@code resent} is the same message as {@code stored} (an idempotent resend, not a conflict). */
    static boolean sameMessage(Message stored, NewMessage resent) {
        return stored.sender().equals(resent.sender()) && stored.content().equals(resent.content());
    }
}

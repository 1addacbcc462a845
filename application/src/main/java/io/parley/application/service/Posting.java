package io.parley.application.service;

import java.util.concurrent.CompletionStage;

import io.parley.application.delivery.Traffic;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.application.port.out.FanoutPort;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.protocol.ServerEvent;

/**
 * Stores a message and, when it is new, counts it and pushes it to every member: the way members' and backends'
 * messages enter a conversation (the assistant's replies are stored and pushed by its runs, not counted as in).
 */
final class Posting {
    private final ConversationStorePort store;
    private final FanoutPort fanout;
    private final Traffic traffic;

    Posting(ConversationStorePort store, FanoutPort fanout, Traffic traffic) {
        this.store = store;
        this.fanout = fanout;
        this.traffic = traffic;
    }

    /** Appends (committed before this returns) and publishes what was newly stored. */
    Appended post(NewMessage message) {
        return published(message, store.append(message));
    }

    /**
     * As {@link #post}, without waiting for the commit: what was newly stored is counted and pushed as its commit
     * completes (on the store's thread, in the order the commits complete; members get messages in offset order).
     */
    CompletionStage<Appended> postPipelined(NewMessage message) {
        return store.appendPipelined(message).thenApply(appended -> published(message, appended));
    }

    /** Counts and pushes {@code appended} when it was newly stored. */
    private Appended published(NewMessage message, Appended appended) {
        if (appended instanceof Appended.Stored stored) {
            traffic.messageIn();
            fanout.publish(message.conversation(), new ServerEvent.MessagePosted(stored.message()));
        }
        return appended;
    }

    /** Whether {@code resent} is the same message as {@code stored} (an idempotent resend, not a conflict). */
    static boolean sameMessage(Message stored, NewMessage resent) {
        return stored.sender().equals(resent.sender()) && stored.content().equals(resent.content())
                && stored.agent().answers().equals(resent.agent().answers());
    }
}

package io.parley.application.service;

import java.util.Arrays;
import java.util.Optional;

import io.parley.application.delivery.ConnectionRegistry;
import io.parley.application.delivery.Subscription;
import io.parley.application.port.in.Outcome;
import io.parley.application.port.in.Reply;
import io.parley.application.port.out.EventEncoderPort;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.ServerEvent;

/** The error replies that more than one kind of request gets. */
final class Replies {
    private Replies() {
    }

    /** The reply of {@code events}, each encoded once. */
    static Outcome<Reply> reply(EventEncoderPort encoder, ServerEvent... events) {
        return Outcome.done(new Reply(Arrays.stream(events).map(encoder::encode).toList()));
    }

    /**
     * The connection's subscription to {@code conversation} when its role may post there ({@code what}: what it
     * asks to do, for the refusal); else {@code not_joined} or {@code forbidden}.
     */
    static Outcome<Subscription> poster(ConnectionRegistry registry, ConnectionId id, ConversationId conversation,
                                        String what) {
        Optional<Subscription> subscription = registry.find(id).flatMap(c -> c.subscription(conversation));
        if (subscription.isEmpty()) {
            return notJoined(conversation);
        }
        if (!subscription.get().role().maySend()) {
            return Outcome.refused(ErrorCode.FORBIDDEN, "a " + subscription.get().role().wireName() + " may not "
                    + what);
        }
        return Outcome.done(subscription.get());
    }

    /** The connection has not joined {@code conversation}. */
    static <T> Outcome<T> notJoined(ConversationId conversation) {
        return Outcome.refused(ErrorCode.NOT_JOINED, "join conversation " + conversation + " first");
    }
}

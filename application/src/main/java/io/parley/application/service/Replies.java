package io.parley.application.service;

import java.util.Arrays;

import io.parley.application.port.in.Outcome;
import io.parley.application.port.in.Reply;
import io.parley.application.port.out.EventEncoderPort;
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

    /** The connection has not joined {@code conversation}. */
    static <T> Outcome<T> notJoined(ConversationId conversation) {
        return Outcome.refused(ErrorCode.NOT_JOINED, "join conversation " + conversation + " first");
    }
}

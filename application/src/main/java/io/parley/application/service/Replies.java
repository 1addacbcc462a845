package io.parley.application.service;

import io.parley.domain.conversation.ConversationId;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.ServerEvent;

/** The error replies that more than one kind of request gets. */
final class Replies {
    private Replies() {
    }

    /** The connection has not joined {@code conversation}. */
    static ServerEvent notJoined(ConversationId conversation, String ref) {
        return ServerEvent.ErrorReply.of(ErrorCode.NOT_JOINED, "join conversation " + conversation + " first", ref);
    }
}

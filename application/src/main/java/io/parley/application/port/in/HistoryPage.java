package io.parley.application.port.in;

import java.util.List;
import java.util.Optional;

import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageRange;

/** A page of a conversation's history for an HTTP caller, or why there is none. */
public sealed interface HistoryPage {

    /**
     * Messages oldest first, and the range of the next page in the same direction when the range holds more than
     * this page (cut by its limit or by its size).
     */
    record Page(List<Message> messages, Optional<MessageRange> next) implements HistoryPage {
        public Page {
            messages = List.copyOf(messages);
        }
    }

    /** The conversation does not exist. */
    record NotFound() implements HistoryPage {
    }

    /** The caller is not a member. */
    record NotMember() implements HistoryPage {
    }

    /** The caller could not be identified. */
    record Unauthenticated(String reason) implements HistoryPage {
    }
}

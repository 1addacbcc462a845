package io.parley.application.port.in;

import java.util.List;
import java.util.Optional;

import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageRange;

/**
 * A page of a conversation's history: messages oldest first, and the range of the next page in the same direction
 * when the range holds more than this page (cut by its limit or by its size).
 */
public record HistoryPage(List<Message> messages, Optional<MessageRange> next) {
    public HistoryPage {
        messages = List.copyOf(messages);
    }
}

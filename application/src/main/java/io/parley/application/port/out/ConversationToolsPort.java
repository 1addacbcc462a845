package io.parley.application.port.out;

import java.util.List;

import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Tool;

/**
 * The tools a backend set for a conversation: every run there may call them, besides those its request brings.
 * Kept durably; throws {@link StoreUnavailableException} when the store cannot be reached.
 */
public interface ConversationToolsPort {

    /** The tools set for {@code conversation}, in the order they were given; none when none were set. */
    List<Tool> tools(ConversationId conversation);

    /** Sets the tools of {@code conversation}, replacing what was set before (none: clears them). */
    void replace(ConversationId conversation, List<Tool> tools);

    /** Removes the tools of {@code conversation} (it was deleted). */
    default void forget(ConversationId conversation) {
        replace(conversation, List.of());
    }
}

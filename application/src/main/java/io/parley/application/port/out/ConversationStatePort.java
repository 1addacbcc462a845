package io.parley.application.port.out;

import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.ConversationState;

/**
 * Where conversations' shared states are kept, durably, with their versions. Throws
 * {@link StoreUnavailableException} when the store cannot be reached. {@code ConversationStatePortContract} (the
 * application's test jar) checks an implementation.
 */
public interface ConversationStatePort {

    /** The state of {@code conversation}; {@link ConversationState#none} when it has none. */
    ConversationState state(ConversationId conversation);

    /**
     * Stores {@code next} if the conversation's state is still at {@code next.version() - 1} (compare and set);
     * false, and nothing changed, when it moved on meanwhile.
     */
    boolean replace(ConversationState next);

    /** Removes the state of {@code conversation} (it was deleted): a conversation made again starts with none. */
    void forget(ConversationId conversation);
}

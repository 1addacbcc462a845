package io.parley.application.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.parley.application.port.out.ConversationStatePort;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.ConversationState;

/** Shared states in this node's memory: for the in-memory store, or a store of an application's that keeps none. */
public final class LocalConversationStates implements ConversationStatePort {
    private final Map<ConversationId, ConversationState> states = new ConcurrentHashMap<>();

    @Override
    public ConversationState state(ConversationId conversation) {
        return states.getOrDefault(conversation, ConversationState.none(conversation));
    }

    @Override
    public boolean replace(ConversationState next) {
        if (next.version() == 1) {
            return states.putIfAbsent(next.conversation(), next) == null;
        }
        boolean[] replaced = new boolean[1];
        states.computeIfPresent(next.conversation(), (id, current) -> {
            replaced[0] = current.version() == next.version() - 1;
            return replaced[0] ? next : current;
        });
        return replaced[0];
    }

    @Override
    public void forget(ConversationId conversation) {
        states.remove(conversation);
    }
}

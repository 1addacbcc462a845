package io.parley.adapter.out.persistence.resilience;

import io.parley.application.port.out.ConversationStatePort;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.ConversationState;

/**
 * Shared states behind the retries and the circuit breaker of the store they are kept in. Reads and forgetting are
 * retried; a change is tried once: repeated after a commit whose answer was lost, its compare and set would find its
 * own version and report a conflict that is none.
 */
public final class ResilientConversationStates implements ConversationStatePort {
    private final ConversationStatePort states;
    private final StoreGuard guard;

    ResilientConversationStates(ConversationStatePort states, StoreGuard guard) {
        this.states = states;
        this.guard = guard;
    }

    @Override
    public ConversationState state(ConversationId conversation) {
        return guard.call("read state", () -> states.state(conversation));
    }

    @Override
    public boolean replace(ConversationState next) {
        return guard.once("write state", () -> states.replace(next));
    }

    @Override
    public void forget(ConversationId conversation) {
        guard.call("forget state", () -> {
            states.forget(conversation);
            return Boolean.TRUE;
        });
    }
}

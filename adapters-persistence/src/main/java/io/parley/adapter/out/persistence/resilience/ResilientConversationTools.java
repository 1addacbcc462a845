package io.parley.adapter.out.persistence.resilience;

import java.util.List;

import io.parley.application.port.out.ConversationToolsPort;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Tool;

/** Conversations' tools behind the retries and the circuit breaker of their store; both calls are idempotent. */
public final class ResilientConversationTools implements ConversationToolsPort {
    private final ConversationToolsPort tools;
    private final StoreGuard guard;

    ResilientConversationTools(ConversationToolsPort tools, StoreGuard guard) {
        this.tools = tools;
        this.guard = guard;
    }

    @Override
    public List<Tool> tools(ConversationId conversation) {
        return guard.call("read tools", () -> tools.tools(conversation));
    }

    @Override
    public void replace(ConversationId conversation, List<Tool> set) {
        guard.call("set tools", () -> {
            tools.replace(conversation, set);
            return Boolean.TRUE;
        });
    }
}

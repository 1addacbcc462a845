package io.parley.application.run;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.parley.application.port.out.ConversationToolsPort;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Tool;

/** Conversations' tools in this node's memory: for the in-memory store, or a store that keeps none. */
public final class LocalConversationTools implements ConversationToolsPort {
    private final Map<ConversationId, List<Tool>> tools = new ConcurrentHashMap<>();

    @Override
    public List<Tool> tools(ConversationId conversation) {
        return tools.getOrDefault(conversation, List.of());
    }

    @Override
    public void replace(ConversationId conversation, List<Tool> set) {
        if (set.isEmpty()) {
            tools.remove(conversation);
        } else {
            tools.put(conversation, List.copyOf(set));
        }
    }
}

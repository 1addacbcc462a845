package io.parley.adapter.out.assistant;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.ToolCall;

/**
 * The context's messages as Chat Completions {@code messages}: {@code {role, content}}; an assistant message's tool
 * calls as {@code tool_calls} (its content null when it has no text); a {@code tool} message with the
 * {@code tool_call_id} it answers. Reasoning is never sent back. Calls and results are {@link ToolCallPairing
 * paired} first.
 */
final class ChatMessages {

    private ChatMessages() {
    }

    /** Appends the context to {@code messages}, oldest first. */
    static void append(ArrayNode messages, List<Message> context) {
        for (Message message : ToolCallPairing.paired(context)) {
            ObjectNode wire = messages.addObject().put("role", message.role().wireName());
            if (message.role() == MessageRole.TOOL) {
                wire.put("tool_call_id", message.agent().toolCallId()).put("content", message.content());
            } else if (message.agent().toolCalls().isEmpty()) {
                wire.put("content", message.content());
            } else {
                if (message.content().isEmpty()) {
                    wire.putNull("content");
                } else {
                    wire.put("content", message.content());
                }
                ArrayNode calls = wire.putArray("tool_calls");
                message.agent().toolCalls().forEach(call -> appendCall(calls, call));
            }
        }
    }

    /**
     * One call as {@code {id, type: function, function: {name, arguments}}} (Chat Completions and AG-UI alike), its
     * arguments as the model wrote them ({@code {}} when it wrote none, which servers parse).
     */
    static void appendCall(ArrayNode calls, ToolCall call) {
        calls.addObject().put("id", call.id()).put("type", "function").putObject("function")
                .put("name", call.name()).put("arguments", call.arguments().isEmpty() ? "{}" : call.arguments());
    }
}

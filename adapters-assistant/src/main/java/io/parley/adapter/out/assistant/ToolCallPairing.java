package io.parley.adapter.out.assistant;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.parley.domain.conversation.AgentParts;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.ToolCall;

/**
 * Keeps a context's tool calls and tool results in pairs, as Chat Completions demands: the context is the newest
 * messages, so its cut may fall between a call and its result. A {@code tool} message whose call is in no earlier
 * assistant message is dropped; an assistant message loses the calls that no later {@code tool} message answers,
 * and is dropped itself when that leaves it neither text nor call.
 */
final class ToolCallPairing {

    private ToolCallPairing() {
    }

    /** The context with every tool call answered and every tool result called for, in the same order. */
    static List<Message> paired(List<Message> context) {
        Set<String> answeredLater = new HashSet<>();
        List<Message> kept = new ArrayList<>(context.size());
        for (int i = context.size() - 1; i >= 0; i--) {
            Message message = context.get(i);
            if (message.role() == MessageRole.TOOL && message.agent().toolCallId() != null) {
                answeredLater.add(message.agent().toolCallId());
            }
            Message pruned = message.role() == MessageRole.ASSISTANT ? answeredOnly(message, answeredLater) : message;
            if (pruned != null) {
                kept.add(pruned);
            }
        }
        List<Message> inOrder = kept.reversed();
        Set<String> calledEarlier = new HashSet<>();
        List<Message> paired = new ArrayList<>(inOrder.size());
        for (Message message : inOrder) {
            message.agent().toolCalls().forEach(call -> calledEarlier.add(call.id()));
            if (message.role() != MessageRole.TOOL || calledEarlier.contains(message.agent().toolCallId())) {
                paired.add(message);
            }
        }
        return paired;
    }

    /** The assistant message with only its answered calls; null when nothing is left to send. */
    private static Message answeredOnly(Message message, Set<String> answeredLater) {
        List<ToolCall> calls = message.agent().toolCalls();
        List<ToolCall> answered = calls.stream().filter(call -> answeredLater.contains(call.id())).toList();
        if (answered.size() == calls.size()) {
            return message;
        }
        if (answered.isEmpty() && message.content().isEmpty()) {
            return null;
        }
        AgentParts parts = new AgentParts(answered, message.agent().toolCallId(), message.agent().reasoning());
        return new Message(message.conversation(), message.offset(), message.id(), message.role(), message.sender(),
                message.content(), message.at(), message.run(), parts);
    }
}

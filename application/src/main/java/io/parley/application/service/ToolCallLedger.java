package io.parley.application.service;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.parley.application.port.out.ConversationStorePort;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.ToolCall;

/**
 * The tool calls of a conversation's latest messages ({@link MessageRange#MAX_LIMIT}) and which of them have been
 * answered: what a {@code tool} result is checked against. A result answers a pending call once; a call older than
 * the window is no longer pending.
 */
final class ToolCallLedger {
    private final Map<String, MessageId> calledIn = new LinkedHashMap<>();
    private final Map<String, ToolCall> calls = new HashMap<>();
    private final Map<String, Instant> calledAt = new HashMap<>();
    private final Map<MessageId, List<String>> callsOf = new HashMap<>();
    private final Set<String> answered = new HashSet<>();
    private final Map<String, MessageId> answeredBy = new HashMap<>();

    private ToolCallLedger() {
    }

    /** The ledger of {@code conversation}, read from the store (may throw what the store throws). */
    static ToolCallLedger of(ConversationStorePort store, ConversationId conversation) {
        ToolCallLedger ledger = new ToolCallLedger();
        for (Message message : store.messages(conversation, MessageRange.newest(MessageRange.MAX_LIMIT))) {
            List<ToolCall> calls = message.agent().toolCalls();
            if (!calls.isEmpty()) {
                for (ToolCall call : calls) {
                    ledger.calledIn.put(call.id(), message.id());
                    ledger.calls.put(call.id(), call);
                    ledger.calledAt.put(call.id(), message.at());
                }
                ledger.callsOf.put(message.id(), calls.stream().map(ToolCall::id).toList());
            }
            message.agent().answers().ifPresent(call -> {
                ledger.answered.add(call);
                ledger.answeredBy.put(call, message.id());
            });
        }
        return ledger;
    }

    /** Whether a result for {@code toolCallId} is stored already. */
    boolean answered(String toolCallId) {
        return answered.contains(toolCallId);
    }

    /** Whether the result stored for {@code toolCallId} is the message {@code id} (a resend of it). */
    boolean answeredBy(String toolCallId, MessageId id) {
        return id.equals(answeredBy.get(toolCallId));
    }

    /** Whether {@code toolCallId} is a call of the assistant that awaits its result. */
    boolean pending(String toolCallId) {
        return calledIn.containsKey(toolCallId) && !answered.contains(toolCallId);
    }

    /** The call {@code toolCallId} if it is among the latest messages, with when it was made. */
    Optional<ToolCall> call(String toolCallId) {
        return Optional.ofNullable(calls.get(toolCallId));
    }

    /** When the reply that made {@code toolCallId} was stored. */
    Instant calledAt(String toolCallId) {
        return calledAt.get(toolCallId);
    }

    /** Notes that {@code toolCallId} has its result now. */
    void answer(String toolCallId) {
        answered.add(toolCallId);
    }

    /** Whether every call of the reply that made {@code toolCallId} has its result. */
    boolean replyComplete(String toolCallId) {
        MessageId reply = calledIn.get(toolCallId);
        return reply != null && callsOf.get(reply).stream().allMatch(answered::contains);
    }
}

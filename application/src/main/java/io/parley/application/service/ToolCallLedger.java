package io.parley.application.service;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.parley.application.port.out.ConversationStorePort;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.ToolCall;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.Refusal;

/**
 * The tool calls of a conversation's latest messages ({@link MessageRange#MAX_LIMIT}) and which of them have been
 * answered, by which message: what a {@code tool} result, or the answer to an interrupt, is checked against. A
 * result answers a pending call once; a call older than the window is no longer pending.
 */
final class ToolCallLedger {
    /** A call, and the assistant's reply that made it. */
    private record Called(Message reply, ToolCall call) {
    }

    private final Map<String, Called> calls = new HashMap<>();
    private final Map<String, MessageId> answeredBy = new HashMap<>();

    private ToolCallLedger() {
    }

    /** The ledger of {@code conversation}, read from the store (may throw what the store throws). */
    static ToolCallLedger of(ConversationStorePort store, ConversationId conversation) {
        ToolCallLedger ledger = new ToolCallLedger();
        for (Message message : store.messages(conversation, MessageRange.newest(MessageRange.MAX_LIMIT))) {
            message.agent().toolCalls().forEach(call -> ledger.calls.put(call.id(), new Called(message, call)));
            message.agent().answers().ifPresent(call -> ledger.answeredBy.put(call, message.id()));
        }
        return ledger;
    }

    /** Whether a result for {@code toolCallId} is stored already. */
    boolean answered(String toolCallId) {
        return answeredBy.containsKey(toolCallId);
    }

    /** Whether the result stored for {@code toolCallId} is the message {@code id} (a resend of it). */
    boolean answeredBy(String toolCallId, MessageId id) {
        return id.equals(answeredBy.get(toolCallId));
    }

    /** Whether {@code toolCallId} is a call of the assistant that awaits its result. */
    boolean pending(String toolCallId) {
        return calls.containsKey(toolCallId) && !answered(toolCallId);
    }

    /**
     * Why a result for {@code toolCallId} cannot be taken, if it cannot: {@code conflict} when the call was
     * answered already, {@code not_found} when no such call awaits one.
     */
    Optional<Refusal> unanswerable(String toolCallId, ConversationId conversation) {
        if (answered(toolCallId)) {
            return Optional.of(Refusal.of(ErrorCode.CONFLICT, "tool call " + toolCallId + " was answered already"));
        }
        return pending(toolCallId) ? Optional.empty() : Optional.of(Refusal.of(ErrorCode.NOT_FOUND,
                "no tool call " + toolCallId + " awaits a result in " + conversation));
    }

    /** The call {@code toolCallId} if it is among the latest messages. */
    Optional<ToolCall> call(String toolCallId) {
        return Optional.ofNullable(calls.get(toolCallId)).map(Called::call);
    }

    /** When the reply that made {@code toolCallId} was stored. */
    Instant calledAt(String toolCallId) {
        return calls.get(toolCallId).reply().at();
    }

    /** Notes that {@code toolCallId} has its result now, the message {@code by}. */
    void answer(String toolCallId, MessageId by) {
        answeredBy.put(toolCallId, by);
    }

    /** Whether every call of the reply that made {@code toolCallId} has its result. */
    boolean replyComplete(String toolCallId) {
        Called called = calls.get(toolCallId);
        return called != null && called.reply().agent().toolCalls().stream().allMatch(call -> answered(call.id()));
    }
}

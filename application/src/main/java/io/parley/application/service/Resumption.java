package io.parley.application.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.parley.application.port.in.Outcome;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.AgentParts;
import io.parley.domain.conversation.ContentLimit;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.ToolCall;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.run.ResumeEntry;

/**
 * The answers a {@code resume} brings to a run's interrupts (tool calls awaiting a person's approval), stored as
 * the {@code tool} messages that answer those calls, so the model sees what the person decided: resolved is
 * {@code {"approved":true}} (with the entry's {@code payload}), cancelled {@code {"approved":false}}, and resolved
 * after the interrupt expired {@code {"approved":false,"expired":true}}, which also makes the run that goes on end as
 * a cancel does. Checked whole before anything is stored: an entry for no interrupt awaiting an answer, one answered
 * already, or an answer over the content bound refuses all. The same for a {@code send} and an AG-UI run.
 */
final class Resumption {
    private Resumption() {
    }

    /**
     * Stores the answers {@code entries} bring; the outcome says whether one resolved an interrupt that had expired
     * (no entries: nothing is read or stored).
     */
    static Outcome<Boolean> post(ServicePorts ports, ContentLimit bound, ConversationId conversation, UserId sender,
                                 List<ResumeEntry> entries, Duration ttl) {
        if (entries.isEmpty()) {
            return Outcome.done(false);
        }
        Instant now = NewMessage.timestamp(ports.clock());
        ToolCallLedger ledger = ToolCallLedger.of(ports.store(), conversation);
        List<NewMessage> results = new ArrayList<>();
        boolean expired = false;
        for (ResumeEntry entry : entries) {
            String callId = entry.interruptId().startsWith(ToolCall.INTERRUPT_PREFIX)
                    ? entry.interruptId().substring(ToolCall.INTERRUPT_PREFIX.length()) : "";
            if (ledger.call(callId).filter(ToolCall::awaitsApproval).isEmpty()) {
                return Outcome.refused(ErrorCode.NOT_FOUND, "no interrupt " + entry.interruptId()
                        + " awaits an answer in " + conversation);
            }
            if (ledger.answered(callId)) {
                return Outcome.refused(ErrorCode.CONFLICT, "interrupt " + entry.interruptId()
                        + " was answered already");
            }
            boolean late = now.isAfter(ledger.calledAt(callId).plus(ttl));
            expired |= late && entry.resolved();
            String content = !entry.resolved() ? "{\"approved\":false}"
                    : late ? "{\"approved\":false,\"expired\":true}"
                    : entry.payload().isEmpty() ? "{\"approved\":true}"
                    : "{\"approved\":true,\"payload\":" + entry.payload() + "}";
            if (!bound.admits(content)) {
                return Outcome.refused(ErrorCode.TOO_LARGE, "the answer to interrupt " + entry.interruptId()
                        + ": " + bound.refusal());
            }
            MessageId id = MessageId.forToolResult(callId);
            ledger.answer(callId, id);
            results.add(new NewMessage(conversation, id, MessageRole.TOOL, sender, content, now, null,
                    AgentParts.result(callId)));
        }
        Posting posting = ports.posting();
        results.forEach(posting::post);
        return Outcome.done(expired);
    }
}

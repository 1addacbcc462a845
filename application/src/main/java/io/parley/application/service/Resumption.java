package io.parley.application.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.parley.application.port.in.Outcome;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.AgentParts;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.ToolCall;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.run.ResumeEntry;

/**
 * The answers a {@code resume} brings to a run's interrupts (tool calls awaiting a person's approval), as the
 * {@code tool} messages that answer those calls, so the model sees what the person decided: resolved is
 * {@code {"approved":true}} (with the entry's {@code payload}), cancelled {@code {"approved":false}}, and resolved
 * after the interrupt expired {@code {"approved":false,"expired":true}}, which also makes the run that goes on end as
 * a cancel does. Checked whole: an entry for no interrupt awaiting an answer, or one answered already, refuses all.
 */
final class Resumption {
    private Resumption() {
    }

    /** The results to store, and whether an entry resolved an interrupt that had expired. */
    record Answers(List<NewMessage> results, boolean expired) {
    }

    static Outcome<Answers> answer(ConversationStorePort store, ConversationId conversation, UserId sender,
                                   List<ResumeEntry> entries, Instant now, Duration ttl) {
        ToolCallLedger ledger = ToolCallLedger.of(store, conversation);
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
            ledger.answer(callId);
            results.add(new NewMessage(conversation, MessageId.forToolResult(callId), MessageRole.TOOL, sender,
                    content, now, null, AgentParts.result(callId)));
        }
        return Outcome.done(new Answers(results, expired));
    }
}

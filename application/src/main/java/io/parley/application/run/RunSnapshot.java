package io.parley.application.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.protocol.AgUiEvent;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.run.RunId;

/**
 * Where a run in flight stands, for a member who joins while it runs.
 *
 * @param seq         the run's latest event: the point the joiner's live events continue from
 * @param activeSteps the steps begun and not finished, by name, with the seq of their start, in order
 * @param reasoning   the span of reasoning still open, if any
 * @param toolCalls   the tool calls begun and not ended, in the order they began
 */
public record RunSnapshot(ConversationId conversation, RunId runId, MessageId messageId, long seq,
                          Map<String, Long> activeSteps, Optional<Long> messageStartSeq, String text,
                          Optional<OpenReasoning> reasoning, List<OpenToolCall> toolCalls) {
    public RunSnapshot {
        activeSteps = Collections.unmodifiableMap(new LinkedHashMap<>(activeSteps));
        toolCalls = List.copyOf(toolCalls);
    }

    /** A span of reasoning still open: its id, the seq of its start, its text so far. */
    public record OpenReasoning(String id, long startSeq, String text) {
        OpenReasoning with(String delta) {
            return new OpenReasoning(id, startSeq, text + delta);
        }
    }

    /** A tool call not yet ended: its id and tool, its parent message, the seq of its start, its arguments so far. */
    public record OpenToolCall(String id, String name, String parentMessageId, long startSeq, String arguments) {
        OpenToolCall with(String delta) {
            return new OpenToolCall(id, name, parentMessageId, startSeq, arguments + delta);
        }
    }

    /**
     * The run as a late joiner is shown it, a sequence AG-UI's verifier accepts: {@code RUN_STARTED} (seq 1), a
     * {@code STEP_STARTED} for each step still active, the open reasoning ({@code REASONING_START},
     * {@code REASONING_MESSAGE_START}), {@code TEXT_MESSAGE_START} when the text has begun, and each tool call not
     * yet ended ({@code TOOL_CALL_START}), each opener with the seq it had; what each holds so far follows its
     * opener as one content event carrying the latest seq.
     */
    public List<ServerEvent> opening() {
        List<ServerEvent> events = new ArrayList<>();
        events.add(event(1, new AgUiEvent.RunStarted(conversation.value(), runId.value())));
        activeSteps.forEach((step, stepSeq) -> events.add(event(stepSeq, new AgUiEvent.StepStarted(step))));
        reasoning.ifPresent(open -> {
            events.add(event(open.startSeq(), new AgUiEvent.ReasoningStart(open.id())));
            events.add(event(open.startSeq(), new AgUiEvent.ReasoningMessageStart(open.id())));
            if (!open.text().isEmpty()) {
                events.add(event(seq, new AgUiEvent.ReasoningMessageContent(open.id(), open.text())));
            }
        });
        messageStartSeq.ifPresent(start -> {
            events.add(event(start, new AgUiEvent.TextMessageStart(messageId.value())));
            if (!text.isEmpty()) {
                events.add(event(seq, new AgUiEvent.TextMessageContent(messageId.value(), text)));
            }
        });
        for (OpenToolCall call : toolCalls) {
            events.add(event(call.startSeq(), new AgUiEvent.ToolCallStart(call.id(), call.name(),
                    call.parentMessageId())));
            if (!call.arguments().isEmpty()) {
                events.add(event(seq, new AgUiEvent.ToolCallArgs(call.id(), call.arguments())));
            }
        }
        return events;
    }

    private ServerEvent event(long at, AgUiEvent event) {
        return new ServerEvent.RunEvent(conversation, runId, at, event);
    }
}

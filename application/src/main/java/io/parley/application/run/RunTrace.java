package io.parley.application.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.protocol.AgUiEvent;
import io.parley.domain.run.RunId;

/**
 * What a late joiner needs of a run in flight, kept as its events pass: the latest seq, the steps begun and not
 * finished, where the text began and the text so far, the reasoning still open and the tool calls not yet ended,
 * each with what it holds so far. A run on this node keeps one; so does the mirror of a run on another node. Not
 * thread-safe: its owner guards it.
 */
final class RunTrace {
    private final StringBuilder text = new StringBuilder();
    private final LinkedHashMap<String, Long> activeSteps = new LinkedHashMap<>();
    private final LinkedHashMap<String, RunSnapshot.OpenToolCall> toolCalls = new LinkedHashMap<>();
    private RunSnapshot.OpenReasoning reasoning;
    private long seq;
    private long messageStartSeq;
    private String messageId;

    /** Keeps what {@code event}, the run's {@code seq}th, changes. */
    void record(long at, AgUiEvent event) {
        seq = Math.max(seq, at);
        switch (event) {
            case AgUiEvent.TextMessageStart start -> {
                messageStartSeq = at;
                messageId = start.messageId();
            }
            case AgUiEvent.TextMessageContent content -> text.append(content.delta());
            case AgUiEvent.StepStarted step -> activeSteps.put(step.stepName(), at);
            case AgUiEvent.StepFinished step -> activeSteps.remove(step.stepName());
            case AgUiEvent.ReasoningStart start -> reasoning = new RunSnapshot.OpenReasoning(start.messageId(), at, "");
            case AgUiEvent.ReasoningMessageContent content -> {
                if (reasoning != null) {
                    reasoning = reasoning.with(content.delta());
                }
            }
            case AgUiEvent.ReasoningEnd end -> reasoning = null;
            case AgUiEvent.ToolCallStart start -> toolCalls.put(start.toolCallId(),
                    new RunSnapshot.OpenToolCall(start.toolCallId(), start.toolCallName(), start.parentMessageId(),
                            at, ""));
            case AgUiEvent.ToolCallArgs args -> toolCalls.computeIfPresent(args.toolCallId(),
                    (id, call) -> call.with(args.delta()));
            case AgUiEvent.ToolCallEnd end -> toolCalls.remove(end.toolCallId());
            default -> {
            }
        }
    }

    long seq() {
        return seq;
    }

    /** Where the run stands now; {@code fallbackMessage} names the reply until its text began. */
    RunSnapshot snapshot(ConversationId conversation, RunId run, MessageId fallbackMessage) {
        return new RunSnapshot(conversation, run, messageId == null ? fallbackMessage : new MessageId(messageId), seq,
                new LinkedHashMap<>(activeSteps), messageStartSeq == 0 ? Optional.empty() : Optional.of(messageStartSeq),
                text.toString(), Optional.ofNullable(reasoning), List.copyOf(toolCalls.values()));
    }
}

package io.parley.application.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.parley.application.port.in.RunAgentUseCase;
import io.parley.application.port.out.RunCancellation;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.protocol.AgUiEvent;

/**
 * One assistant run: its ids, the sequence of its events, the text so far (for members who join mid-run), its
 * cancellation, and who waits for it.
 */
final class Run {
    private final ConversationId conversation;
    private final String id;
    private final MessageId messageId;
    private final RunCancellation cancellation = new RunCancellation();
    private final List<RunAgentUseCase.Observer> observers;
    private final CompletableFuture<Void> done;
    private final StringBuilder text = new StringBuilder();
    private final LinkedHashMap<String, Long> activeSteps = new LinkedHashMap<>();
    private long seq;
    private long messageStartSeq;

    Run(ConversationId conversation, String id, MessageId messageId, List<RunAgentUseCase.Observer> observers,
        CompletableFuture<Void> done) {
        this.conversation = conversation;
        this.id = id;
        this.messageId = messageId;
        this.observers = List.copyOf(observers);
        this.done = done;
    }

    ConversationId conversation() {
        return conversation;
    }

    String id() {
        return id;
    }

    MessageId messageId() {
        return messageId;
    }

    RunCancellation cancellation() {
        return cancellation;
    }

    List<RunAgentUseCase.Observer> observers() {
        return observers;
    }

    CompletableFuture<Void> done() {
        return done;
    }

    /** Numbers the next event and keeps what a late joiner needs; returns its seq. */
    synchronized long record(AgUiEvent event) {
        seq++;
        switch (event) {
            case AgUiEvent.TextMessageStart start -> messageStartSeq = seq;
            case AgUiEvent.TextMessageContent content -> text.append(content.delta());
            case AgUiEvent.StepStarted step -> activeSteps.put(step.stepName(), seq);
            case AgUiEvent.StepFinished step -> activeSteps.remove(step.stepName());
            default -> {
            }
        }
        return seq;
    }

    /** Where the run stands now, for a member who joins while it is in flight. */
    synchronized Snapshot snapshot() {
        return new Snapshot(conversation, id, messageId, seq, new LinkedHashMap<>(activeSteps),
                messageStartSeq == 0 ? Optional.empty() : Optional.of(messageStartSeq), text.toString());
    }

    /**
     * A run in flight as a late joiner is shown it: {@code RUN_STARTED} (seq 1), a {@code STEP_STARTED} for each
     * step still active (their seqs), {@code TEXT_MESSAGE_START} (its seq) when the text has begun, and the text so
     * far as one {@code TEXT_MESSAGE_CONTENT} carrying the latest seq, which is also the point the joiner's live
     * events continue from.
     *
     * @param activeSteps the steps begun and not finished, by name, with the seq of their start, in order
     */
    record Snapshot(ConversationId conversation, String runId, MessageId messageId, long seq,
                    Map<String, Long> activeSteps, Optional<Long> messageStartSeq, String text) {
        Snapshot {
            activeSteps = Collections.unmodifiableMap(new LinkedHashMap<>(activeSteps));
        }
    }
}

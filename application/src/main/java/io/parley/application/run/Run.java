package io.parley.application.run;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.parley.application.port.in.RunAssistantUseCase;
import io.parley.application.port.out.RunCancellation;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.Tool;
import io.parley.domain.protocol.AgUiEvent;
import io.parley.domain.run.RunId;

/**
 * One assistant run: its ids, the tools it may call, the sequence of its events, the text so far (for members who
 * join mid-run), its cancellation, and who waits for it.
 */
final class Run {
    private final ConversationId conversation;
    private final RunId id;
    private final UserId startedBy;
    private final MessageId messageId;
    private final RunCancellation cancellation = new RunCancellation();
    private final List<RunAssistantUseCase.Observer> observers;
    private final CompletableFuture<Void> done;
    private final RunTrace trace = new RunTrace();
    private final List<Tool> tools;
    private final boolean interruptExpired;

    Run(ConversationId conversation, RunId id, UserId startedBy, MessageId messageId,
        List<RunAssistantUseCase.Observer> observers, CompletableFuture<Void> done, List<Tool> tools,
        boolean interruptExpired) {
        this.tools = List.copyOf(tools);
        this.interruptExpired = interruptExpired;
        this.conversation = conversation;
        this.id = id;
        this.startedBy = startedBy;
        this.messageId = messageId;
        this.observers = List.copyOf(observers);
        this.done = done;
    }

    ConversationId conversation() {
        return conversation;
    }

    RunId id() {
        return id;
    }

    /** The member whose request started the run (the first of several it answers). */
    UserId startedBy() {
        return startedBy;
    }

    MessageId messageId() {
        return messageId;
    }

    /** The front-end tools the model may call in this run. */
    List<Tool> tools() {
        return tools;
    }

    /** Whether the run answers the resolution of an interrupt that had expired: it ends as a cancel does. */
    boolean interruptExpired() {
        return interruptExpired;
    }

    RunCancellation cancellation() {
        return cancellation;
    }

    List<RunAssistantUseCase.Observer> observers() {
        return observers;
    }

    CompletableFuture<Void> done() {
        return done;
    }

    /** Numbers the next event and keeps what a late joiner needs; returns its seq. */
    synchronized long record(AgUiEvent event) {
        long seq = trace.seq() + 1;
        trace.record(seq, event);
        return seq;
    }

    /** Where the run stands now, for a member who joins while it is in flight. */
    synchronized RunSnapshot snapshot() {
        return trace.snapshot(conversation, id, messageId);
    }
}

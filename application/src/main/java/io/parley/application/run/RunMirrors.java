package io.parley.application.run;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.protocol.AgUiEvent;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.run.RunId;

/**
 * The runs in flight on other nodes, as their events arrive here: so that a member who joins on this node while
 * another node runs the conversation's assistant is shown the run so far, then the rest live. A mirror begins
 * with {@code RUN_STARTED} and ends with {@code RUN_FINISHED} or {@code RUN_ERROR}; at most one per conversation.
 */
public final class RunMirrors {
    private final Map<ConversationId, Mirror> mirrors = new ConcurrentHashMap<>();

    /** Keeps what {@code event} of a run on another node changes. */
    public void observe(ServerEvent.RunEvent event) {
        switch (event.event()) {
            case AgUiEvent.RunStarted started -> mirrors.put(event.conversation(), new Mirror(event.runId()));
            case AgUiEvent.RunFinished finished -> mirrors.remove(event.conversation());
            case AgUiEvent.RunError error -> mirrors.remove(event.conversation());
            default -> {
                Mirror mirror = mirrors.get(event.conversation());
                if (mirror != null && mirror.run.equals(event.runId())) {
                    mirror.record(event.seq(), event.event());
                }
            }
        }
    }

    /** The run in flight on another node in {@code conversation}, if one is known here. */
    public Optional<RunSnapshot> snapshot(ConversationId conversation) {
        return Optional.ofNullable(mirrors.get(conversation)).map(mirror -> mirror.snapshot(conversation));
    }

    /** The conversation a run on another node is in flight in, if it is known here. */
    public Optional<ConversationId> conversationOf(RunId run) {
        return mirrors.entrySet().stream().filter(e -> e.getValue().run.equals(run)).map(Map.Entry::getKey)
                .findFirst();
    }

    /** The latest seq seen of the run in flight in {@code conversation} (0 when none is known). */
    public long lastSeq(ConversationId conversation) {
        Mirror mirror = mirrors.get(conversation);
        return mirror == null ? 0 : mirror.seq();
    }

    /** Forgets the run in {@code conversation} (it was ended here for a node that went away). */
    public void forget(ConversationId conversation) {
        mirrors.remove(conversation);
    }

    /** One run's trace; guarded by itself. */
    private static final class Mirror {
        private final RunId run;
        private final RunTrace trace = new RunTrace();

        Mirror(RunId run) {
            this.run = run;
            trace.record(1, new AgUiEvent.RunStarted("", run.value()));
        }

        synchronized void record(long seq, AgUiEvent event) {
            trace.record(seq, event);
        }

        synchronized long seq() {
            return trace.seq();
        }

        synchronized RunSnapshot snapshot(ConversationId conversation) {
            return trace.snapshot(conversation, run, new MessageId("pending"));
        }
    }
}

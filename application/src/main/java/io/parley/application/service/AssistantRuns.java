package io.parley.application.service;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.parley.application.port.in.RunAgentUseCase;
import io.parley.application.port.out.AssistantPort;
import io.parley.application.port.out.AssistantPrompt;
import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.ConversationFanoutPort;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.application.port.out.IdGeneratorPort;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.domain.LogLine;
import io.parley.domain.conversation.ContentLimit;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.protocol.AgUiEvent;
import io.parley.domain.protocol.ServerEvent;

/**
 * The assistant's runs. One run at a time per conversation, each on its own virtual thread: messages that ask for
 * a reply while a run is in flight are answered together by one run that starts when it ends. A run speaks AG-UI
 * to every member through the fan-out (and to its observers), and stores its reply before it finishes.
 */
public final class AssistantRuns {
    private static final System.Logger LOG = System.getLogger(AssistantRuns.class.getName());
    /** What a client-chosen run id may look like; others are replaced by one of ours. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final AssistantPort assistant;
    private final ConversationStorePort store;
    private final ConversationFanoutPort fanout;
    private final IdGeneratorPort ids;
    private final Clock clock;
    private final RunSettings settings;
    private final Traffic traffic;
    private final Map<ConversationId, Lane> lanes = new ConcurrentHashMap<>();
    private final Map<String, Run> active = new ConcurrentHashMap<>();

    public AssistantRuns(AssistantPort assistant, ConversationStorePort store, ConversationFanoutPort fanout,
                         IdGeneratorPort ids, Clock clock, RunSettings settings, Traffic traffic) {
        this.assistant = assistant;
        this.store = store;
        this.fanout = fanout;
        this.ids = ids;
        this.clock = clock;
        this.settings = settings;
        this.traffic = traffic;
    }

    /**
     * Asks the assistant to answer in {@code conversation}: a run starts now, or after the one in flight. The
     * observer, if any, sees every event of the run that answers; the future completes when that run has ended.
     *
     * @param runId the run id a client chose (AG-UI), used when this request starts a run of its own
     */
    public CompletableFuture<Void> requestReply(ConversationId conversation,
                                                Optional<RunAgentUseCase.Observer> observer, Optional<String> runId) {
        CompletableFuture<Void>[] done = new CompletableFuture[1];
        lanes.compute(conversation, (key, lane) -> {
            Lane current = lane == null ? new Lane() : lane;
            if (current.running == null) {
                current.running = start(conversation, observer.map(List::of).orElse(List.of()), runId,
                        new CompletableFuture<>());
                done[0] = current.running.done();
            } else {
                observer.ifPresent(current.waiting::add);
                done[0] = current.next;
                current.queued = true;
            }
            return current;
        });
        return done[0];
    }

    /** The run in flight in {@code conversation}, as a member joining now should be shown it. */
    Optional<Run.Snapshot> snapshot(ConversationId conversation) {
        Lane lane = lanes.get(conversation);
        Run run = lane == null ? null : lane.running;
        return run == null ? Optional.empty() : Optional.of(run.snapshot());
    }

    /** The conversation of the run {@code runId}, if it is in flight on this node. */
    Optional<ConversationId> conversationOf(String runId) {
        return Optional.ofNullable(active.get(runId)).map(Run::conversation);
    }

    /** Cancels the run {@code runId}; false when it is not in flight here. */
    boolean cancel(String runId) {
        Run run = active.get(runId);
        if (run == null) {
            return false;
        }
        run.cancellation().cancel();
        return true;
    }

    /** How many runs are in flight on this node. */
    public int inFlight() {
        return active.size();
    }

    private Run start(ConversationId conversation, List<RunAgentUseCase.Observer> observers, Optional<String> runId,
                      CompletableFuture<Void> done) {
        String id = runId.filter(r -> RUN_ID.matcher(r).matches() && !active.containsKey(r)).orElseGet(ids::newRunId);
        Run run = new Run(conversation, id, ids.newMessageId(), observers, done);
        active.put(run.id(), run);
        traffic.runStarted();
        Thread.ofVirtual().name("parley-run-" + run.id()).start(() -> execute(run));
        return run;
    }

    private void execute(Run run) {
        long started = System.nanoTime();
        String outcome = "internal";
        try {
            outcome = answer(run);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "run " + run.id() + " failed", e);
            emit(run, new AgUiEvent.RunError("the run failed on the server", "internal"));
        } finally {
            finish(run);
            traffic.runEnded(outcome);
            String result = outcome;
            LOG.log(Level.INFO, () -> LogLine.event("run").with("run", run.id())
                    .with("conversation", run.conversation()).with("outcome", result)
                    .with("ms", Duration.ofNanos(System.nanoTime() - started).toMillis()).toString());
        }
    }

    /** Runs the AG-UI sequence; returns the outcome for logs and counters. */
    private String answer(Run run) {
        String thread = run.conversation().value();
        emit(run, new AgUiEvent.RunStarted(thread, run.id()));
        emit(run, new AgUiEvent.StepStarted("loading_history"));
        List<Message> context;
        try {
            context = store.messages(run.conversation(),
                    MessageRange.newest(settings.contextMessages()));
        } catch (StoreUnavailableException e) {
            emit(run, new AgUiEvent.RunError("the conversation store is unavailable", "unavailable"));
            return "unavailable";
        }
        emit(run, new AgUiEvent.StepFinished("loading_history"));
        emit(run, new AgUiEvent.StepStarted("generating"));
        String messageId = run.messageId().value();
        boolean[] begun = {false};
        long[] replyBytes = {0};
        boolean[] tooLarge = {false};
        AssistantReply reply = assistant.reply(new AssistantPrompt(run.conversation(), run.id(), context), delta -> {
            if (delta.isEmpty() || tooLarge[0]) {
                return;
            }
            replyBytes[0] += ContentLimit.utf8Length(delta);
            if (replyBytes[0] > settings.reply().maxBytes()) {
                tooLarge[0] = true;
                run.cancellation().cancel();
                return;
            }
            if (!begun[0]) {
                begun[0] = true;
                emit(run, new AgUiEvent.TextMessageStart(messageId));
            }
            emit(run, new AgUiEvent.TextMessageContent(messageId, delta));
        }, run.cancellation());
        if (tooLarge[0] || reply instanceof AssistantReply.Completed done && !settings.reply().admits(done.text())) {
            emit(run, new AgUiEvent.RunError("the reply grew past " + settings.reply().maxBytes() + " bytes",
                    "too_large"));
            return "too_large";
        }
        return switch (reply) {
            case AssistantReply.Completed completed -> complete(run, completed, begun[0]);
            case AssistantReply.Failed failed -> {
                emit(run, new AgUiEvent.RunError(failed.message(), failed.failure().code()));
                yield failed.failure().code();
            }
            case AssistantReply.Cancelled cancelled -> {
                emit(run, new AgUiEvent.RunError("the run was cancelled", "cancelled"));
                yield "cancelled";
            }
        };
    }

    private String complete(Run run, AssistantReply.Completed reply, boolean begun) {
        String messageId = run.messageId().value();
        if (!begun) {
            emit(run, new AgUiEvent.TextMessageStart(messageId));
            emit(run, new AgUiEvent.TextMessageContent(messageId, reply.text()));
        }
        emit(run, new AgUiEvent.TextMessageEnd(messageId));
        emit(run, new AgUiEvent.StepFinished("generating"));
        emit(run, new AgUiEvent.StepStarted("storing"));
        try {
            Appended appended = store.append(new NewMessage(run.conversation(), run.messageId(),
                    MessageRole.ASSISTANT, settings.assistant(), reply.text(),
                    Posting.now(clock), run.id()));
            if (!(appended instanceof Appended.Stored stored)) {
                emit(run, new AgUiEvent.RunError("the conversation no longer exists", "not_found"));
                return "not_found";
            }
            fanout.publish(run.conversation(), new ServerEvent.MessagePosted(stored.message()));
        } catch (StoreUnavailableException e) {
            emit(run, new AgUiEvent.RunError("the reply could not be stored", "unavailable"));
            return "unavailable";
        }
        emit(run, new AgUiEvent.StepFinished("storing"));
        emit(run, new AgUiEvent.RunFinished(run.conversation().value(), run.id(), reply.provider(), reply.model()));
        return "completed";
    }

    private void emit(Run run, AgUiEvent event) {
        long seq = run.record(event);
        fanout.publish(run.conversation(), new ServerEvent.RunEvent(run.conversation(), run.id(), seq, event));
        for (RunAgentUseCase.Observer observer : run.observers()) {
            try {
                observer.onEvent(run.id(), seq, event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "run observer failed", e);
            }
        }
    }

    /** Ends a run: the next one starts if messages asked for a reply meanwhile. */
    private void finish(Run run) {
        active.remove(run.id());
        lanes.compute(run.conversation(), (key, lane) -> {
            if (lane == null || lane.running != run) {
                return lane;
            }
            if (!lane.queued) {
                return null;
            }
            lane.running = start(run.conversation(), lane.waiting, Optional.empty(), lane.next);
            lane.waiting = new ArrayList<>();
            lane.next = new CompletableFuture<>();
            lane.queued = false;
            return lane;
        });
        run.done().complete(null);
    }

    /** A conversation's runs: the one in flight, and whether another is owed after it. */
    private static final class Lane {
        private Run running;
        private boolean queued;
        private List<RunAgentUseCase.Observer> waiting = new ArrayList<>();
        private CompletableFuture<Void> next = new CompletableFuture<>();
    }
}

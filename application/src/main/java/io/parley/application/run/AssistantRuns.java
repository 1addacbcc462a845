package io.parley.application.run;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.parley.application.delivery.Traffic;
import io.parley.application.port.in.RunAssistantUseCase;
import io.parley.application.port.out.AssistantPort;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.ConversationToolsPort;
import io.parley.application.port.out.FanoutPort;
import io.parley.application.port.out.IdGeneratorPort;
import io.parley.application.port.out.RunLeasePort;
import io.parley.domain.LogLine;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Tool;
import io.parley.domain.run.RunId;

/**
 * The assistant's runs: one at a time per conversation, across the cluster too ({@link RunLeasing}), each on its
 * own virtual thread ({@link RunExecution}).
 * Messages that ask for a reply while a run is in flight are answered together by one run that starts when it
 * ends. Knows the runs in flight, so that they can be cancelled and shown to members who join mid-run.
 */
public final class AssistantRuns {
    private static final System.Logger LOG = System.getLogger(AssistantRuns.class.getName());

    private final RunExecution execution;
    private final RunLeasing leasing;
    private final IdGeneratorPort ids;
    private final Traffic traffic;
    private final Map<ConversationId, Lane> lanes = new ConcurrentHashMap<>();
    private final Map<RunId, Run> active = new ConcurrentHashMap<>();
    private final Duration interruptTtl;

    public AssistantRuns(AssistantPort assistant, ConversationStorePort store, FanoutPort fanout,
                         IdGeneratorPort ids, Clock clock, RunSettings settings, Traffic traffic) {
        this(assistant, store, fanout, ids, clock, settings, traffic, RunCoordination.single("local"),
                RunState.inMemory(), new LocalConversationTools());
    }

    /**
     * @param coordination how runs keep to one at a time per conversation across the cluster
     * @param state        the conversations' shared states, which each run shows and its agent may change
     * @param tools        the tools backends set for conversations, which each run there may call
     */
    public AssistantRuns(AssistantPort assistant, ConversationStorePort store, FanoutPort fanout,
                         IdGeneratorPort ids, Clock clock, RunSettings settings, Traffic traffic,
                         RunCoordination coordination, RunState state, ConversationToolsPort tools) {
        this.execution = new RunExecution(assistant, store, fanout, clock, settings, state, tools);
        this.interruptTtl = settings.interruptTtl();
        this.leasing = new RunLeasing(coordination, fanout, clock);
        this.ids = ids;
        this.traffic = traffic;
    }

    /**
     * Asks the assistant to answer in {@code conversation}: a run starts now, or after the one in flight. The
     * observer, if any, sees every event of the run that answers; the future completes when that run has ended.
     *
     * @param asker     the member who asks (who may cancel the run, besides the conversation's owners)
     * @param clientRun the run id an AG-UI client chose, used when this request starts a run of its own
     */
    public CompletableFuture<Void> requestReply(ConversationId conversation, UserId asker,
                                                Optional<RunAssistantUseCase.Observer> observer,
                                                Optional<String> clientRun) {
        return requestReply(conversation, asker, observer, clientRun, List.of());
    }

    /**
     * As {@link #requestReply(ConversationId, UserId, Optional, Optional)}, with the front-end {@code tools} the
     * model may call; a run that answers several requests may call the tools of each (by name, the latest wins).
     */
    public CompletableFuture<Void> requestReply(ConversationId conversation, UserId asker,
                                                Optional<RunAssistantUseCase.Observer> observer,
                                                Optional<String> clientRun, List<Tool> tools) {
        return requestReply(conversation, asker, observer, clientRun, tools, false);
    }

    /**
     * As {@link #requestReply(ConversationId, UserId, Optional, Optional, List)}; {@code interruptExpired}: the
     * request resolved an interrupt too late, so the run that answers it ends at once as a cancel does.
     */
    public CompletableFuture<Void> requestReply(ConversationId conversation, UserId asker,
                                                Optional<RunAssistantUseCase.Observer> observer,
                                                Optional<String> clientRun, List<Tool> tools,
                                                boolean interruptExpired) {
        List<CompletableFuture<Void>> done = new ArrayList<>(1);
        lanes.compute(conversation, (key, lane) -> {
            Lane current = lane == null ? new Lane() : lane;
            if (current.running == null && !current.queued) {
                current.running = start(conversation, asker, observer.map(List::of).orElse(List.of()), clientRun,
                        new CompletableFuture<>(), tools, interruptExpired);
                if (current.running != null) {
                    done.add(current.running.done());
                    return current;
                }
            }
            // a run is in flight here, or on another node: this one answers after it
            observer.ifPresent(current.waiting::add);
            tools.forEach(tool -> current.tools.put(tool.name(), tool));
            current.interruptExpired |= interruptExpired;
            if (!current.queued) {
                current.nextAsker = asker;
            }
            current.queued = true;
            done.add(current.next);
            return current;
        });
        return done.getFirst();
    }

    /**
     * The maintenance tick: renews the leases of the runs in flight here, ends the runs of nodes that went away,
     * and starts what waited for another node's run to end.
     */
    public void keepLeases() {
        leasing.renew(active.values());
        leasing.reapExpired(active.keySet());
        lanes.keySet().forEach(this::startWaiting);
    }

    /** A run on another node in {@code conversation} ended: what waited for it here may start. */
    public void remoteRunEnded(ConversationId conversation) {
        startWaiting(conversation);
    }

    private void startWaiting(ConversationId conversation) {
        lanes.computeIfPresent(conversation, (key, lane) -> {
            if (lane.running == null && lane.queued) {
                startNext(conversation, lane);
            }
            return lane.running == null && !lane.queued ? null : lane;
        });
    }

    /** The run in flight in {@code conversation}, here or on another node, as a member joining now is shown it. */
    public Optional<RunSnapshot> snapshot(ConversationId conversation) {
        Lane lane = lanes.get(conversation);
        Run run = lane == null ? null : lane.running;
        return run == null ? leasing.mirrors().snapshot(conversation) : Optional.of(run.snapshot());
    }

    /** The conversation of the run {@code run}, if it is in flight here or on another node. */
    public Optional<ConversationId> conversationOf(RunId run) {
        return Optional.ofNullable(active.get(run)).map(Run::conversation)
                .or(() -> leasing.mirrors().conversationOf(run))
                .or(() -> leasing.leaseOf(run).map(RunLeasePort.RunLease::conversation));
    }

    /** Who started the run {@code run}, if it is in flight here or on another node. */
    public Optional<UserId> startedBy(RunId run) {
        return Optional.ofNullable(active.get(run)).map(Run::startedBy)
                .or(() -> leasing.leaseOf(run).map(RunLeasePort.RunLease::startedBy));
    }

    /** How long an interrupt of a run may be resolved. */
    public Duration interruptTtl() {
        return interruptTtl;
    }

    /** Whether {@code run} is in flight on this node. */
    public boolean runsHere(RunId run) {
        return active.containsKey(run);
    }

    /** Cancels the run {@code run}; false when it is not in flight here. */
    public boolean cancel(RunId run) {
        Run found = active.get(run);
        if (found == null) {
            return false;
        }
        found.cancellation().cancel();
        return true;
    }

    /** How many runs are in flight on this node. */
    public int inFlight() {
        return active.size();
    }

    /** Starts a run, or returns null when another node runs one in the conversation (the lease is held). */
    private Run start(ConversationId conversation, UserId asker, List<RunAssistantUseCase.Observer> observers,
                      Optional<String> clientRun, CompletableFuture<Void> done, List<Tool> tools,
                      boolean interruptExpired) {
        RunId id = clientRun.filter(RunId::isValid).map(RunId::new).filter(r -> !active.containsKey(r))
                .orElseGet(ids::newRunId);
        if (!leasing.acquire(conversation, id, asker)) {
            return null;
        }
        Run run = new Run(conversation, id, asker, ids.newMessageId(), observers, done, tools, interruptExpired);
        active.put(run.id(), run);
        traffic.runStarted();
        Thread.ofVirtual().name("parley-run-" + run.id()).start(() -> execute(run));
        return run;
    }

    private void execute(Run run) {
        long started = System.nanoTime();
        String outcome = "internal";
        try {
            outcome = execution.execute(run);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "run " + run.id() + " failed", e);
            execution.crashed(run);
        } finally {
            finish(run);
            traffic.runEnded(outcome);
            String result = outcome;
            LOG.log(Level.INFO, () -> LogLine.event("run").with("run", run.id())
                    .with("conversation", run.conversation()).with("outcome", result)
                    .with("ms", Duration.ofNanos(System.nanoTime() - started).toMillis()).toString());
        }
    }

    /** Ends a run: the next one starts if messages asked for a reply meanwhile. */
    private void finish(Run run) {
        active.remove(run.id());
        leasing.release(run);
        lanes.compute(run.conversation(), (key, lane) -> {
            if (lane == null || lane.running != run) {
                return lane;
            }
            lane.running = null;
            if (!lane.queued) {
                return null;
            }
            startNext(run.conversation(), lane);
            return lane;
        });
        run.done().complete(null);
    }

    /** Starts the run a lane owes, if the conversation's lease can be had now; else it waits for the next tick. */
    private void startNext(ConversationId conversation, Lane lane) {
        lane.running = start(conversation, lane.nextAsker, lane.waiting, Optional.empty(), lane.next,
                List.copyOf(lane.tools.values()), lane.interruptExpired);
        if (lane.running != null) {
            lane.tools.clear();
            lane.interruptExpired = false;
            lane.waiting = new ArrayList<>();
            lane.next = new CompletableFuture<>();
            lane.queued = false;
        }
    }

    /** A conversation's runs: the one in flight, and whether another is owed after it. */
    private static final class Lane {
        private Run running;
        private boolean queued;
        private UserId nextAsker;
        private List<RunAssistantUseCase.Observer> waiting = new ArrayList<>();
        private CompletableFuture<Void> next = new CompletableFuture<>();
        private final Map<String, Tool> tools = new LinkedHashMap<>();
        private boolean interruptExpired;
    }
}

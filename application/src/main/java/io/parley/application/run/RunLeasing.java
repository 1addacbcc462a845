package io.parley.application.run;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.parley.application.port.out.FanoutPort;
import io.parley.application.port.out.RunLeasePort.Acquisition;
import io.parley.application.port.out.RunLeasePort.RunLease;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.domain.LogLine;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.protocol.AgUiEvent;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.run.RunId;

/**
 * This node's side of the run leases: one is taken before a run starts, renewed while it runs, given back when
 * it ends; the leases of nodes that went away are taken here and their runs ended for the members
 * ({@code RUN_ERROR} {@code unavailable}), never left hanging or half-stored. A store that cannot be asked does
 * not stop a run (it will fail on its own when it reads the conversation).
 */
final class RunLeasing {
    private static final System.Logger LOG = System.getLogger(RunLeasing.class.getName());
    private static final int REAP_BATCH = 50;

    private final RunCoordination coordination;
    private final FanoutPort fanout;
    private final Clock clock;

    RunLeasing(RunCoordination coordination, FanoutPort fanout, Clock clock) {
        this.coordination = coordination;
        this.fanout = fanout;
        this.clock = clock;
    }

    /** Whether {@code run} may start in {@code conversation} now: false while another node runs one there. */
    boolean acquire(ConversationId conversation, RunId run, UserId asker) {
        Instant now = clock.instant();
        try {
            return switch (coordination.leases().acquire(new RunLease(conversation, run, asker, coordination.node(),
                    now.plus(coordination.leaseTtl())), now)) {
                case Acquisition.Acquired acquired -> {
                    acquired.expired().ifPresent(this::endAbandoned);
                    yield true;
                }
                case Acquisition.Held held -> false;
            };
        } catch (StoreUnavailableException e) {
            return true;
        }
    }

    /** Extends the leases of the runs in flight here. */
    void renew(Collection<Run> running) {
        Instant until = clock.instant().plus(coordination.leaseTtl());
        for (Run run : running) {
            try {
                coordination.leases().renew(run.conversation(), run.id(), until);
            } catch (StoreUnavailableException e) {
                LOG.log(Level.DEBUG, () -> "the lease of run " + run.id() + " could not be renewed now");
            }
        }
    }

    void release(Run run) {
        try {
            coordination.leases().release(run.conversation(), run.id());
        } catch (StoreUnavailableException e) {
            LOG.log(Level.DEBUG, () -> "the lease of run " + run.id() + " is left to expire");
        }
    }

    /** The lease of {@code run}, wherever it runs. */
    Optional<RunLease> leaseOf(RunId run) {
        try {
            return coordination.leases().leaseOf(run);
        } catch (StoreUnavailableException e) {
            return Optional.empty();
        }
    }

    /** Ends the runs of leases that expired; returns their conversations, where runs may start again. */
    List<ConversationId> reapExpired(Collection<RunId> runningHere) {
        List<ConversationId> freed = new ArrayList<>();
        try {
            for (RunLease lease : coordination.leases().takeExpired(clock.instant(), REAP_BATCH)) {
                if (!runningHere.contains(lease.run())) {
                    endAbandoned(lease);
                }
                freed.add(lease.conversation());
            }
        } catch (StoreUnavailableException e) {
            LOG.log(Level.DEBUG, "expired run leases could not be read now");
        }
        return freed;
    }

    /** Ends, for the members, the run of a node that went away while running it. */
    private void endAbandoned(RunLease lease) {
        ConversationId conversation = lease.conversation();
        long seq = coordination.mirrors().lastSeq(conversation) + 1;
        coordination.mirrors().forget(conversation);
        LOG.log(Level.WARNING, () -> LogLine.event("run_abandoned").with("run", lease.run())
                .with("conversation", conversation).with("node", lease.node()).toString());
        fanout.publish(conversation, new ServerEvent.RunEvent(conversation, lease.run(), seq,
                new AgUiEvent.RunError("the node running this reply went away; ask again", "unavailable")));
    }

    RunMirrors mirrors() {
        return coordination.mirrors();
    }
}

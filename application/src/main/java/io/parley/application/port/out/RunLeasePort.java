package io.parley.application.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.run.RunId;

/**
 * The lease that makes assistant runs one at a time per conversation across every node, kept in the store (the
 * one thing every node shares even while Redis is down). The node running a run holds its conversation's lease
 * and renews it; a lease that was not renewed in time belongs to a node that went away, and whoever takes it ends
 * that run for the members.
 */
public interface RunLeasePort {

    /**
     * Takes {@code lease.conversation()}'s lease for {@code lease.run()} when nobody holds it, or its holder's
     * lease expired before {@code now} (then the expired lease comes back, so that its run can be ended); refused
     * while another run holds it.
     */
    Acquisition acquire(RunLease lease, Instant now);

    /** Extends {@code run}'s lease until {@code expiresAt}; false when {@code run} holds it no more. */
    boolean renew(ConversationId conversation, RunId run, Instant expiresAt);

    /** Gives back {@code run}'s lease; nothing when it holds none. */
    void release(ConversationId conversation, RunId run);

    /** The lease {@code run} holds, expired or not. */
    Optional<RunLease> leaseOf(RunId run);

    /**
     * Removes at most {@code limit} leases that expired before {@code now} and hands them back: each one to one
     * caller only, whichever node asks, so that each run a dead node left is ended once.
     */
    List<RunLease> takeExpired(Instant now, int limit);

    /** A run's hold on its conversation: who started it, the node running it, until when. */
    record RunLease(ConversationId conversation, RunId run, UserId startedBy, String node, Instant expiresAt) {
        public RunLease {
            if (conversation == null || run == null || startedBy == null || node == null || node.isBlank()
                    || expiresAt == null) {
                throw new IllegalArgumentException("a lease needs a conversation, a run, a user, a node and an end");
            }
        }
    }

    /** How an {@link #acquire} went. */
    sealed interface Acquisition {
        /** Taken; {@code expired} is the lease of a run whose node went away, which the taker ends. */
        record Acquired(Optional<RunLease> expired) implements Acquisition {
        }

        /** Another run holds the conversation's lease. */
        record Held(RunLease by) implements Acquisition {
        }
    }
}

package io.parley.adapter.out.persistence.resilience;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import io.parley.adapter.common.resilience.CircuitState;
import io.parley.application.port.out.AttachmentStorePort;
import io.parley.application.port.out.ConversationStatePort;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.ConversationToolsPort;
import io.parley.application.port.out.PurgeMessagesPort;
import io.parley.application.port.out.PurgeMessagesPort.Purged;
import io.parley.application.port.out.RunLeasePort;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.Conversation;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Member;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.RetentionPolicy;
import io.parley.domain.conversation.Role;

/**
 * Decorates a store with retries and a circuit breaker (Helidon fault tolerance); reads and writes alike are retried.
 * Retrying is safe because every operation is idempotent: an append is recognised by its message id, so a retry
 * after a commit whose answer was lost finds the message instead of storing it twice, and is reported as stored by
 * this call. Other writes repeated after such a commit change nothing more, and report what the repeat found, as an
 * enrolment does: {@code setRole} the role already set and not created, {@code removeMember} no role,
 * {@code delete} false. A page size outside the port's bounds is refused without a retry.
 */
public final class ResilientConversationStore implements ConversationStorePort, PurgeMessagesPort, AutoCloseable {
    private final ConversationStorePort store;
    private final PurgeMessagesPort purge;
    private final Runnable probe;
    private final StoreGuard guard;

    /**
     * @param store the store to protect
     * @param purge its retention side
     * @param probe a cheap call that throws {@code StoreUnavailableException} when the store cannot be reached
     */
    public ResilientConversationStore(ConversationStorePort store, PurgeMessagesPort purge, Runnable probe,
                                      ResilienceSettings settings) {
        this.store = store;
        this.purge = purge;
        this.probe = probe;
        this.guard = new StoreGuard("store", settings);
    }

    @Override
    public Enrollment enroll(ConversationId conversation, UserId user, Optional<Role> admitAs, boolean mayCreate,
                             Instant now) {
        return guard.call("enroll", () -> store.enroll(conversation, user, admitAs, mayCreate, now));
    }

    @Override
    public Appended append(NewMessage message) {
        AtomicInteger attempts = new AtomicInteger();
        Appended outcome = guard.call("append", () -> {
            attempts.incrementAndGet();
            return store.append(message);
        });
        if (attempts.get() > 1 && outcome instanceof Appended.AlreadyStored(Message earlier)
                && message.at(earlier.offset()).equals(earlier)) {
            // An earlier attempt of this very call committed, then failed to answer: it is this call's message.
            return new Appended.Stored(earlier);
        }
        return outcome;
    }

    /**
     * While the circuit is closed, the store's own pipelined append, not retried here: a retry on another thread
     * could store it after the connection's later messages (the store retries it in its own order, see
     * {@code GroupCommit}), so a failure is counted by the breaker once and answered (the client resends it, under
     * its id). While the circuit is not closed, a plain {@link #append}, done at once.
     */
    @Override
    public CompletionStage<Appended> appendPipelined(NewMessage message) {
        if (guard.state() != CircuitState.CLOSED) {
            return ConversationStorePort.super.appendPipelined(message);
        }
        return store.appendPipelined(message).handle((appended, failure) -> {
            if (failure == null) {
                return appended;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            return guard.once("append", () -> {
                throw cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
            });
        });
    }

    @Override
    public Optional<Conversation> find(ConversationId conversation) {
        return guard.call("find", () -> store.find(conversation));
    }

    @Override
    public long latestOffset(ConversationId conversation) {
        return guard.call("latest offset", () -> store.latestOffset(conversation));
    }

    @Override
    public List<Message> messages(ConversationId conversation, MessageRange range) {
        return guard.call("read messages", () -> store.messages(conversation, range));
    }

    @Override
    public Set<MessageId> storedIds(ConversationId conversation, Collection<MessageId> ids) {
        return guard.call("read message ids", () -> store.storedIds(conversation, ids));
    }

    @Override
    public Optional<Role> roleOf(ConversationId conversation, UserId user) {
        return guard.call("read role", () -> store.roleOf(conversation, user));
    }

    @Override
    public RoleChange setRole(ConversationId conversation, UserId user, Role role, boolean createIfMissing,
                              Instant now) {
        return guard.call("set role", () -> store.setRole(conversation, user, role, createIfMissing, now));
    }

    @Override
    public Optional<Role> removeMember(ConversationId conversation, UserId user) {
        return guard.call("remove member", () -> store.removeMember(conversation, user));
    }

    @Override
    public List<Member> members(ConversationId conversation, Optional<UserId> after, int limit) {
        return guard.call("read members", () -> store.members(conversation, after, limit));
    }

    @Override
    public List<Membership> memberships(UserId user, Optional<ConversationId> after, int limit) {
        return guard.call("read memberships", () -> store.memberships(user, after, limit));
    }

    @Override
    public boolean delete(ConversationId conversation) {
        return guard.call("delete", () -> store.delete(conversation));
    }

    /** Tried once: an edit repeated after a commit whose answer was lost would be recorded twice. */
    @Override
    public Amended amend(Amendment change) {
        return guard.once("amend", () -> store.amend(change));
    }

    @Override
    public Optional<Long> markRead(ConversationId conversation, UserId user, long offset) {
        return guard.call("mark read", () -> store.markRead(conversation, user, offset));
    }

    @Override
    public List<ReadState> readStates(UserId user, Collection<ConversationId> conversations) {
        return guard.call("read states", () -> store.readStates(user, conversations));
    }

    /** Retried: erasing again goes on from what the first attempt did. */
    @Override
    public Erasure erase(UserId user, Instant at) {
        return guard.call("erase", () -> store.erase(user, at));
    }

    @Override
    public Purged purge(RetentionPolicy policy, Instant now) {
        return guard.call("purge", () -> purge.purge(policy, now));
    }

    /**
     * For readiness: {@code UP} when the probe passes through the circuit breaker. An open circuit reports
     * {@code DOWN} without touching the store; a failing probe counts as a failure towards opening it.
     */
    public StoreStatus status() {
        if (guard.state() == CircuitState.OPEN) {
            return new StoreStatus(StoreStatus.Health.DOWN, CircuitState.OPEN);
        }
        try {
            guard.once("probe", () -> {
                probe.run();
                return Boolean.TRUE;
            });
            return new StoreStatus(StoreStatus.Health.UP, guard.state());
        } catch (StoreUnavailableException e) {
            return new StoreStatus(StoreStatus.Health.DOWN, guard.state());
        }
    }

    /**
     * {@code leases}, kept in this store's database, behind this store's retries and circuit breaker: failures of
     * either count towards opening it, and an open circuit refuses both (see {@link ResilientRunLeases}).
     */
    public RunLeasePort guard(RunLeasePort leases) {
        return new ResilientRunLeases(leases, guard);
    }

    /** Attachments kept in the same database, behind the same retries and circuit. */
    public AttachmentStorePort guard(AttachmentStorePort attachments) {
        return new ResilientAttachments(attachments, guard);
    }

    /** Conversations' tools kept in the same database, behind the same retries and circuit. */
    public ConversationToolsPort guard(ConversationToolsPort tools) {
        return new ResilientConversationTools(tools, guard);
    }

    /** Shared states kept in the same database, behind the same retries and circuit. */
    public ConversationStatePort guard(ConversationStatePort states) {
        return new ResilientConversationStates(states, guard);
    }

    /** The circuit breaker's state now, without a probe. */
    public CircuitState circuitState() {
        return guard.state();
    }

    /** Stops the breaker's logging; the store itself is closed by its owner. */
    @Override
    public void close() {
        guard.close();
    }
}

package io.parley.adapter.out.persistence.resilience;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.parley.application.port.out.RunLeasePort;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.run.RunId;

/**
 * Run leases behind the retries and the circuit breaker of the store they are kept in (one database, one circuit:
 * see {@link ResilientConversationStore#guard(RunLeasePort)}). Retried, being idempotent: {@code acquire} (repeated
 * after a commit whose answer was lost, it finds the lease held by this very run on this very node and renews it,
 * {@code Acquired} with no expired lease: one the lost attempt took over is then not reported, and its run is not
 * ended for the members), {@code renew} (sets the same end again), {@code release} (finds nothing more to give back)
 * and {@code leaseOf}. Tried once: {@code takeExpired}, whose repeat after a lost answer would hand back nothing of
 * what the first attempt removed, leaving those runs never ended; the next reaping tick asks again anyway.
 */
public final class ResilientRunLeases implements RunLeasePort {
    private final RunLeasePort leases;
    private final StoreGuard guard;

    ResilientRunLeases(RunLeasePort leases, StoreGuard guard) {
        this.leases = leases;
        this.guard = guard;
    }

    @Override
    public Acquisition acquire(RunLease lease, Instant now) {
        return guard.call("acquire run lease", () -> leases.acquire(lease, now));
    }

    @Override
    public boolean renew(ConversationId conversation, RunId run, Instant expiresAt) {
        return guard.call("renew run lease", () -> leases.renew(conversation, run, expiresAt));
    }

    @Override
    public void release(ConversationId conversation, RunId run) {
        guard.call("release run lease", () -> {
            leases.release(conversation, run);
            return Boolean.TRUE;
        });
    }

    @Override
    public Optional<RunLease> leaseOf(RunId run) {
        return guard.call("read run lease", () -> leases.leaseOf(run));
    }

    @Override
    public List<RunLease> takeExpired(Instant now, int limit) {
        return guard.once("take expired run leases", () -> leases.takeExpired(now, limit));
    }
}

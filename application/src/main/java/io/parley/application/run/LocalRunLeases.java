package io.parley.application.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.parley.application.port.out.RunLeasePort;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.run.RunId;

/** Run leases in this node's memory: for one node, or a store that keeps none (nothing else shares them). */
public final class LocalRunLeases implements RunLeasePort {
    private final Map<ConversationId, RunLease> leases = new ConcurrentHashMap<>();

    @Override
    public synchronized Acquisition acquire(RunLease lease, Instant now) {
        RunLease held = leases.get(lease.conversation());
        if (held != null && held.run().equals(lease.run()) && held.node().equals(lease.node())) {
            leases.put(lease.conversation(), lease);
            return new Acquisition.Acquired(Optional.empty());
        }
        if (held != null && !held.expiresAt().isBefore(now)) {
            return new Acquisition.Held(held);
        }
        RunLease sameRun = leaseOf(lease.run()).orElse(null);
        if (sameRun != null && !sameRun.conversation().equals(lease.conversation())) {
            return new Acquisition.Held(sameRun);
        }
        leases.put(lease.conversation(), lease);
        return new Acquisition.Acquired(Optional.ofNullable(held));
    }

    @Override
    public synchronized boolean renew(ConversationId conversation, RunId run, Instant expiresAt) {
        RunLease held = leases.get(conversation);
        if (held == null || !held.run().equals(run)) {
            return false;
        }
        leases.put(conversation, new RunLease(conversation, run, held.startedBy(), held.node(), expiresAt));
        return true;
    }

    @Override
    public synchronized void release(ConversationId conversation, RunId run) {
        leases.computeIfPresent(conversation, (c, held) -> held.run().equals(run) ? null : held);
    }

    @Override
    public Optional<RunLease> leaseOf(RunId run) {
        return leases.values().stream().filter(lease -> lease.run().equals(run)).findFirst();
    }

    @Override
    public synchronized List<RunLease> takeExpired(Instant now, int limit) {
        List<RunLease> expired = new ArrayList<>();
        for (RunLease lease : List.copyOf(leases.values())) {
            if (expired.size() < limit && lease.expiresAt().isBefore(now)) {
                leases.remove(lease.conversation());
                expired.add(lease);
            }
        }
        return expired;
    }
}

package io.parley.application.delivery;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.parley.application.port.out.ClientCountsPort;
import io.parley.domain.connection.AdmissionDecision;
import io.parley.domain.connection.ClientKey;
import io.parley.domain.connection.ConnectionLimits;

/**
 * The places connections hold in the limits: in all, per client (counting the client's connections on other
 * nodes too, claimed there before the decision) and per address. A place is reserved at
 * admission and given back when the connection ends or never opens; a connection that authenticates after it
 * opened moves its client place from its address to its user.
 */
final class ConnectionPlaces {
    private final ClientCountsPort elsewhere;
    private final Map<ClientKey, Integer> byClient = new HashMap<>();
    private final Map<ClientKey, Integer> byAddress = new HashMap<>();
    private int total;

    /** @param elsewhere the connections clients hold on other nodes, which their limit counts too */
    ConnectionPlaces(ClientCountsPort elsewhere) {
        this.elsewhere = elsewhere;
    }

    /** Reserves a place for one more connection of {@code client} from {@code address}, if the limits allow. */
    AdmissionDecision reserve(ClientKey client, ClientKey address, ConnectionLimits limits, boolean draining) {
        int others = elsewhere.claim(client);
        AdmissionDecision decision;
        synchronized (this) {
            decision = limits.decide(total, byClient.getOrDefault(client, 0) + others,
                    byAddress.getOrDefault(address, 0), draining);
            if (decision instanceof AdmissionDecision.Admit) {
                total++;
                byClient.merge(client, 1, Integer::sum);
                byAddress.merge(address, 1, Integer::sum);
            }
        }
        if (!(decision instanceof AdmissionDecision.Admit)) {
            elsewhere.add(client, -1);
        }
        return decision;
    }

    /** Moves one client place from {@code from} to {@code to}, if {@code to} has room for it. */
    AdmissionDecision move(ClientKey from, ClientKey to, ConnectionLimits limits) {
        if (from.equals(to)) {
            return new AdmissionDecision.Admit();
        }
        int others = elsewhere.claim(to);
        AdmissionDecision decision;
        synchronized (this) {
            decision = limits.decide(0, byClient.getOrDefault(to, 0) + others, 0, false);
            if (decision instanceof AdmissionDecision.Admit) {
                decrement(byClient, from);
                byClient.merge(to, 1, Integer::sum);
            }
        }
        elsewhere.add(decision instanceof AdmissionDecision.Admit ? from : to, -1);
        return decision;
    }

    /** Gives back a place reserved for {@code client} from {@code address}. */
    void release(ClientKey client, ClientKey address) {
        synchronized (this) {
            total--;
            decrement(byClient, client);
            decrement(byAddress, address);
            notifyAll();
        }
        elsewhere.add(client, -1);
    }

    /** Places reserved: open connections plus admitted ones still opening. */
    synchronized int reserved() {
        return total;
    }

    /** Waits until no place is reserved any more, or {@code timeout} passed; returns the places still reserved. */
    synchronized int awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (total > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return total;
    }

    private static void decrement(Map<ClientKey, Integer> counts, ClientKey key) {
        counts.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
    }
}

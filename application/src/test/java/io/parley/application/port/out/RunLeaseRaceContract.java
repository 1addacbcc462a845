package io.parley.application.port.out;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.parley.application.port.out.RunLeasePort.Acquisition;
import io.parley.application.port.out.RunLeasePort.RunLease;
import io.parley.application.testing.AtOnce;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.run.RunId;

import static io.parley.application.port.out.RunLeaseContract.ALICE;
import static io.parley.application.port.out.RunLeaseContract.NODE;
import static io.parley.application.port.out.RunLeaseContract.T0;
import static io.parley.application.port.out.RunLeaseContract.TTL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The racing part of {@link RunLeaseContract}: of runs acquiring one conversation at once, from two nodes, exactly
 * one gets it; and each expired lease is handed out once, to a reaper or to the run taking it over, however many
 * nodes ask at once.
 */
public interface RunLeaseRaceContract {
    /** Racing callers per conversation. */
    int RACERS = 8;

    /** The leases under test. */
    RunLeasePort leases();

    /** The same leases as a second node reaches them. */
    RunLeasePort secondNode();

    /** A conversation of this test's own. */
    ConversationId conversation(String name);

    /** A run of this test's own. */
    RunId run(String name);

    /** Alice's run {@code run} in {@code conversation} on {@link RunLeaseContract#NODE}, until {@code until}. */
    default RunLease lease(String conversation, String run, Instant until) {
        return new RunLease(conversation(conversation), run(run), ALICE, NODE, until);
    }

    /** What acquiring a lease nobody held gives. */
    default Acquisition free() {
        return new Acquisition.Acquired(Optional.empty());
    }

    /** The leases among {@code leases} that this test made up. */
    default List<RunLease> mine(List<RunLease> leases) {
        String prefix = conversation("").value();
        return leases.stream().filter(lease -> lease.conversation().value().startsWith(prefix)).toList();
    }

    /** The leases the caller (i odd: the second node) may use. */
    private RunLeasePort node(int i) {
        return i % 2 == 0 ? leases() : secondNode();
    }

    @Test
    default void ofRunsAcquiringOneConversationAtOnceFromTwoNodesExactlyOneGetsIt() throws Exception {
        for (int round = 0; round < 5; round++) {
            String conversation = "c" + round;
            List<RunLease> wanted = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                wanted.add(new RunLease(conversation(conversation), run(round + "-" + i), ALICE, "node-" + i % 2,
                        T0.plus(TTL)));
            }
            List<Acquisition> outcomes = AtOnce.run(RACERS, i -> node(i).acquire(wanted.get(i), T0));

            List<RunLease> winners = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                if (outcomes.get(i) instanceof Acquisition.Acquired acquired) {
                    assertEquals(Optional.empty(), acquired.expired());
                    winners.add(wanted.get(i));
                }
            }
            assertEquals(1, winners.size(), "one winner: " + outcomes);
            RunLease winner = winners.getFirst();
            outcomes.stream().filter(Acquisition.Held.class::isInstance)
                    .forEach(held -> assertEquals(new Acquisition.Held(winner), held));
            assertEquals(Optional.of(winner), secondNode().leaseOf(winner.run()));
        }
    }

    @Test
    default void ofRunsTakingOverOneExpiredLeaseAtOnceExactlyOneEndsIt() throws Exception {
        for (int round = 0; round < 5; round++) {
            RunLease old = lease("c" + round, "old-" + round, T0.plus(TTL));
            leases().acquire(old, T0);
            int index = round;
            List<Acquisition> outcomes = AtOnce.run(RACERS, i -> node(i).acquire(
                    lease("c" + index, index + "-" + i, T0.plusSeconds(120)), T0.plusSeconds(60)));

            List<Acquisition> acquired = outcomes.stream().filter(Acquisition.Acquired.class::isInstance).toList();
            assertEquals(List.of(new Acquisition.Acquired(Optional.of(old))), acquired, "one taker: " + outcomes);
            assertEquals(RACERS - 1, outcomes.stream().filter(Acquisition.Held.class::isInstance).count());
            assertEquals(Optional.empty(), leases().leaseOf(old.run()));
        }
    }

    @Test
    default void twoNodesReapingAtOnceHandBackEachExpiredLeaseOnce() throws Exception {
        List<RunLease> expired = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expired.add(lease("c" + i, "r" + i, T0.plusMillis(i)));
            leases().acquire(expired.getLast(), T0);
        }
        List<List<RunLease>> taken = AtOnce.run(2, i -> {
            List<RunLease> all = new ArrayList<>();
            List<RunLease> batch;
            do {
                batch = node(i).takeExpired(T0.plusSeconds(60), 3);
                all.addAll(batch);
            } while (!batch.isEmpty());
            return all;
        });

        List<RunLease> all = new ArrayList<>(taken.get(0));
        all.addAll(taken.get(1));
        assertEquals(Set.copyOf(all).size(), all.size(), "none handed back twice: " + all);
        assertEquals(Set.copyOf(expired), Set.copyOf(mine(all)));
    }

    @Test
    default void takeOversRacingReapersHandEachExpiredLeaseOutOnce() throws Exception {
        int conversations = 6;
        List<RunLease> expired = new ArrayList<>();
        for (int c = 0; c < conversations; c++) {
            expired.add(lease("c" + c, "old-" + c, T0.plus(TTL)));
            leases().acquire(expired.getLast(), T0);
        }
        Instant now = T0.plusSeconds(60);
        List<Object> outcomes = AtOnce.run(conversations + 2, i -> i < conversations
                ? node(i).acquire(lease("c" + i, "new-" + i, T0.plusSeconds(120)), now)
                : node(i).takeExpired(now, 1000));

        List<RunLease> handedOut = new ArrayList<>();
        for (Object outcome : outcomes) {
            if (outcome instanceof List<?> reaped) {
                reaped.forEach(lease -> handedOut.add((RunLease) lease));
            } else {
                assertInstanceOf(Acquisition.Acquired.class, outcome, "a free or expired lease is taken");
                ((Acquisition.Acquired) outcome).expired().ifPresent(handedOut::add);
            }
        }
        List<RunLease> mine = mine(handedOut);
        assertEquals(new HashSet<>(expired), new HashSet<>(mine));
        assertEquals(expired.size(), mine.size(), "each once: " + mine);
        for (int c = 0; c < conversations; c++) {
            assertTrue(leases().leaseOf(run("new-" + c)).isPresent(), "the new run holds it");
        }
    }
}

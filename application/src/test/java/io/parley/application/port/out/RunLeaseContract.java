package io.parley.application.port.out;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.parley.application.port.out.RunLeasePort.Acquisition;
import io.parley.application.port.out.RunLeasePort.RunLease;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.run.RunId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link RunLeasePort} must do, one node at a time; racing callers and nodes in
 * {@link RunLeaseRaceContract}, whose tests every subclass runs too. Each adapter runs it with a subclass that
 * supplies the leases. A store may be shared by all tests of a run, and a database by earlier runs: a test makes up
 * its own conversations and runs, and looks only at those (other expired leases may come back from
 * {@code takeExpired}).
 */
public abstract class RunLeaseContract implements RunLeaseRaceContract {
    protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123Z");
    protected static final Duration TTL = Duration.ofSeconds(30);
    protected static final UserId ALICE = new UserId("alice");
    protected static final String NODE = "node-1";

    private RunLeasePort leases;
    private String test;

    /** The leases under test (may be shared by every test of the run). */
    protected abstract RunLeasePort newLeases();

    /**
     * The same leases as another node reaches them (for a store: through a pool of its own on the same database);
     * the same object where nothing else shares them.
     */
    protected RunLeasePort otherNode() {
        return leases;
    }

    @BeforeEach
    void freshLeases() {
        leases = newLeases();
        test = UUID.randomUUID().toString().replace("-", "");
    }

    @Override
    public RunLeasePort leases() {
        return leases;
    }

    @Override
    public RunLeasePort secondNode() {
        return otherNode();
    }

    @Override
    public ConversationId conversation(String name) {
        return new ConversationId("lease-" + test + "-" + name);
    }

    @Override
    public RunId run(String name) {
        return new RunId("r-" + test + "-" + name);
    }

    @Test
    void aFreeConversationsLeaseIsAcquiredAndFoundByItsRun() {
        RunLease lease = lease("c", "a", T0.plus(TTL));
        assertEquals(free(), leases.acquire(lease, T0));
        assertEquals(Optional.of(lease), leases.leaseOf(run("a")));
    }

    @Test
    void anotherRunIsRefusedWhileTheLeaseHoldsUpToItsLastInstant() {
        RunLease held = lease("c", "a", T0.plus(TTL));
        leases.acquire(held, T0);
        assertEquals(new Acquisition.Held(held), leases.acquire(lease("c", "b", T0.plusSeconds(40)),
                T0.plusSeconds(10)));
        assertEquals(new Acquisition.Held(held), leases.acquire(lease("c", "b", T0.plusSeconds(60)), T0.plus(TTL)),
                "a lease that ends now still holds");
        assertEquals(Optional.empty(), leases.leaseOf(run("b")));
        assertEquals(Optional.of(held), leases.leaseOf(run("a")));
    }

    @Test
    void anExpiredLeaseIsTakenOverAndHandedBackSoThatItsRunIsEnded() {
        RunLease old = lease("c", "a", T0.plus(TTL));
        leases.acquire(old, T0);
        RunLease taker = new RunLease(conversation("c"), run("b"), new UserId("bob"), "node-2", T0.plusSeconds(90));
        assertEquals(new Acquisition.Acquired(Optional.of(old)), leases.acquire(taker, T0.plus(TTL).plusMillis(1)));
        assertEquals(Optional.empty(), leases.leaseOf(run("a")));
        assertEquals(Optional.of(taker), leases.leaseOf(run("b")));
        assertEquals(new Acquisition.Held(taker), leases.acquire(lease("c", "x", T0.plusSeconds(99)),
                T0.plusSeconds(60)));
    }

    /** What makes a retried acquire harmless: the holder asking again renews, expired or not. */
    @Test
    protected void theHoldingRunAcquiringAgainOnItsNodeRenewsItsLease() {
        leases.acquire(lease("c", "a", T0.plus(TTL)), T0);
        RunLease longer = lease("c", "a", T0.plusSeconds(60));
        assertEquals(free(), leases.acquire(longer, T0.plusSeconds(10)));
        assertEquals(Optional.of(longer), leases.leaseOf(run("a")));
        assertEquals(new Acquisition.Held(longer), leases.acquire(lease("c", "b", T0.plusSeconds(99)),
                T0.plusSeconds(45)));

        RunLease late = lease("c", "a", T0.plusSeconds(120));
        assertEquals(free(), leases.acquire(late, T0.plusSeconds(90)), "its own lease, though expired");
        assertEquals(Optional.of(late), leases.leaseOf(run("a")));
    }

    @Test
    void theSameRunFromAnotherNodeIsRefusedWhileTheLeaseHolds() {
        RunLease held = lease("c", "a", T0.plus(TTL));
        leases.acquire(held, T0);
        assertEquals(new Acquisition.Held(held), otherNode().acquire(new RunLease(conversation("c"), run("a"),
                ALICE, "node-2", T0.plusSeconds(60)), T0.plusSeconds(10)));
        assertEquals(Optional.of(held), leases.leaseOf(run("a")));
    }

    @Test
    void onlyTheHoldingRunRenewsTheLeaseKeepingWhoStartedItAndWhere() {
        RunLease held = lease("c", "a", T0.plus(TTL));
        leases.acquire(held, T0);
        assertFalse(leases.renew(conversation("c"), run("b"), T0.plusSeconds(90)));
        assertFalse(leases.renew(conversation("other"), run("a"), T0.plusSeconds(90)));
        assertFalse(leases.renew(conversation("none"), run("none"), T0.plusSeconds(90)));
        assertEquals(Optional.of(held), leases.leaseOf(run("a")));

        assertTrue(otherNode().renew(conversation("c"), run("a"), T0.plusSeconds(90)));
        assertEquals(Optional.of(lease("c", "a", T0.plusSeconds(90))), leases.leaseOf(run("a")));
        assertEquals(new Acquisition.Held(lease("c", "a", T0.plusSeconds(90))),
                leases.acquire(lease("c", "b", T0.plusSeconds(99)), T0.plusSeconds(60)), "held until the new end");
    }

    @Test
    void anExpiredLeaseNobodyTookIsStillItsRunsToRenew() {
        leases.acquire(lease("c", "a", T0.plus(TTL)), T0);
        assertTrue(leases.renew(conversation("c"), run("a"), T0.plusSeconds(120)));
        assertEquals(new Acquisition.Held(lease("c", "a", T0.plusSeconds(120))),
                leases.acquire(lease("c", "b", T0.plusSeconds(150)), T0.plusSeconds(100)));
    }

    @Test
    void onlyTheHoldingRunReleasesTheLease() {
        RunLease held = lease("c", "a", T0.plus(TTL));
        leases.acquire(held, T0);
        leases.release(conversation("c"), run("b"));
        leases.release(conversation("other"), run("a"));
        leases.release(conversation("none"), run("none"));
        assertEquals(Optional.of(held), leases.leaseOf(run("a")));

        otherNode().release(conversation("c"), run("a"));
        assertEquals(Optional.empty(), leases.leaseOf(run("a")));
        assertEquals(free(), leases.acquire(lease("c", "b", T0.plus(TTL)), T0.plusSeconds(1)));
        leases.release(conversation("c"), run("a"));
        assertEquals(Optional.of(lease("c", "b", T0.plus(TTL))), leases.leaseOf(run("b")), "released once only");
    }

    @Test
    void leaseOfFindsEachRunsLeaseExpiredOrNotUntilItIsTaken() {
        RunLease first = lease("c1", "a", T0.plusSeconds(10));
        RunLease second = lease("c2", "b", T0.plus(TTL));
        leases.acquire(first, T0);
        leases.acquire(second, T0);
        assertEquals(Optional.of(first), otherNode().leaseOf(run("a")));
        assertEquals(Optional.of(second), otherNode().leaseOf(run("b")));
        assertEquals(Optional.empty(), leases.leaseOf(run("unknown")));

        assertTrue(mine(leases.takeExpired(T0.plusSeconds(20), 1000)).contains(first));
        assertEquals(Optional.empty(), leases.leaseOf(run("a")));
        assertEquals(Optional.of(second), leases.leaseOf(run("b")));
    }

    @Test
    void takeExpiredRemovesOnlyLeasesThatEndedBeforeNowAndFreesTheirConversations() {
        RunLease ended = lease("c1", "a", T0.plusSeconds(10));
        RunLease endsNow = lease("c2", "b", T0.plusSeconds(20));
        RunLease holds = lease("c3", "c", T0.plus(TTL));
        List.of(ended, endsNow, holds).forEach(lease -> leases.acquire(lease, T0));

        assertEquals(List.of(ended), mine(leases.takeExpired(T0.plusSeconds(20), 1000)));
        assertEquals(List.of(), mine(otherNode().takeExpired(T0.plusSeconds(20), 1000)), "each handed back once");
        assertEquals(Optional.empty(), leases.leaseOf(run("a")));
        assertEquals(Optional.of(endsNow), leases.leaseOf(run("b")));
        assertEquals(Optional.of(holds), leases.leaseOf(run("c")));
        assertEquals(free(), leases.acquire(lease("c1", "d", T0.plusSeconds(60)), T0.plusSeconds(21)),
                "nothing left to end: the reaper ended it");
    }

    @Test
    void takeExpiredHandsBackAtMostLimitLeasesAndTheRestLater() {
        List<RunLease> ended = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ended.add(lease("c" + i, "r" + i, T0.plusSeconds(i)));
            leases.acquire(ended.getLast(), T0);
        }
        assertEquals(List.of(), leases.takeExpired(T0.plusSeconds(60), 0));
        List<RunLease> all = new ArrayList<>(leases.takeExpired(T0.plusSeconds(60), 2));
        assertEquals(2, all.size());
        List<RunLease> batch;
        do {
            batch = otherNode().takeExpired(T0.plusSeconds(60), 2);
            assertTrue(batch.size() <= 2, "at most the limit: " + batch);
            all.addAll(batch);
        } while (!batch.isEmpty());
        assertEquals(Set.copyOf(ended), Set.copyOf(mine(all)));
        assertEquals(ended.size(), mine(all).size(), "none twice: " + mine(all));
        assertTrue(ended.stream().allMatch(lease -> leases.leaseOf(lease.run()).isEmpty()), "all taken");
    }

    @Test
    void leasesOfDifferentConversationsAreIndependent() {
        RunLease first = lease("c1", "a", T0.plus(TTL));
        RunLease second = lease("c2", "b", T0.plus(TTL));
        assertEquals(free(), leases.acquire(first, T0));
        assertEquals(free(), leases.acquire(second, T0));
        leases.release(conversation("c1"), run("a"));
        assertEquals(Optional.of(second), leases.leaseOf(run("b")));
        assertTrue(leases.renew(conversation("c2"), run("b"), T0.plusSeconds(60)));
    }
}

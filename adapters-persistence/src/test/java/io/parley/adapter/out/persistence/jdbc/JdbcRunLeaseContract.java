package io.parley.adapter.out.persistence.jdbc;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.parley.application.port.out.RunLeaseContract;
import io.parley.application.port.out.RunLeasePort;
import io.parley.application.port.out.RunLeasePort.Acquisition;
import io.parley.application.port.out.RunLeasePort.RunLease;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The run-lease contract on a JDBC store, through {@link JdbcStorage#runLeases()} as bootstrap gets it, from two
 * stores (two pools: two nodes) on one database; and what the table adds: a run holds one lease at most, and times
 * are kept to the microsecond.
 */
abstract class JdbcRunLeaseContract extends RunLeaseContract {

    /** The first node's store. */
    protected abstract JdbcStorage storage();

    /** The second node's store, on the same database. */
    protected abstract JdbcStorage secondStorage();

    @Override
    protected RunLeasePort newLeases() {
        return storage().runLeases();
    }

    @Override
    protected RunLeasePort otherNode() {
        return secondStorage().runLeases();
    }

    @Test
    void aRunLeasedInOneConversationIsRefusedInAnother() {
        RunLease held = lease("c1", "a", T0.plus(TTL));
        leases().acquire(held, T0);
        assertEquals(new Acquisition.Held(held), otherNode().acquire(lease("c2", "a", T0.plus(TTL)), T0));
        assertEquals(new Acquisition.Held(held), leases().acquire(lease("c2", "a", T0.plus(TTL)),
                T0.plusSeconds(60)), "even once expired: it is still that run's");
        assertEquals(Optional.of(held), leases().leaseOf(run("a")));
        assertEquals(free(), leases().acquire(lease("c2", "b", T0.plus(TTL)), T0), "the other conversation is free");
    }

    @Test
    void anExpiredLeaseIsNotTakenOverByARunLeasedElsewhere() {
        RunLease old = lease("c1", "a", T0.plus(TTL));
        RunLease elsewhere = lease("c2", "b", T0.plusSeconds(90));
        leases().acquire(old, T0);
        leases().acquire(elsewhere, T0);
        assertEquals(new Acquisition.Held(elsewhere), leases().acquire(lease("c1", "b", T0.plusSeconds(90)),
                T0.plusSeconds(60)));
        assertEquals(Optional.of(old), leases().leaseOf(run("a")), "left for the reaper");
    }

    @Test
    void timesAreKeptToTheMicrosecond() {
        Instant until = T0.plusNanos(456_789);
        leases().acquire(lease("c", "a", until), T0);
        assertEquals(until.truncatedTo(ChronoUnit.MICROS), leases().leaseOf(run("a")).orElseThrow().expiresAt());
    }
}

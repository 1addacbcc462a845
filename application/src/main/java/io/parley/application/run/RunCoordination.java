package io.parley.application.run;

import java.time.Duration;

import io.parley.application.port.out.RunLeasePort;

/**
 * How this node's runs keep to one at a time per conversation across the cluster: the lease port, this node's id,
 * how long a lease lasts unrenewed, and the mirrors of other nodes' runs.
 */
public record RunCoordination(RunLeasePort leases, String node, Duration leaseTtl, RunMirrors mirrors) {
    public RunCoordination {
        if (leases == null || node == null || node.isBlank() || leaseTtl == null || leaseTtl.isNegative()
                || leaseTtl.isZero() || mirrors == null) {
            throw new IllegalArgumentException("run coordination needs leases, a node, a lease time and mirrors");
        }
    }

    /** One node on its own: leases in memory, no other node's runs. */
    public static RunCoordination single(String node) {
        return new RunCoordination(new LocalRunLeases(), node, Duration.ofSeconds(30), new RunMirrors());
    }
}

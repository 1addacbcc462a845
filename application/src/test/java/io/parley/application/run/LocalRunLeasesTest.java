package io.parley.application.run;

import io.parley.application.port.out.RunLeaseContract;
import io.parley.application.port.out.RunLeasePort;

/** The run-lease contract on this node's memory, with a fresh instance per test. */
class LocalRunLeasesTest extends RunLeaseContract {
    @Override
    protected RunLeasePort newLeases() {
        return new LocalRunLeases();
    }
}

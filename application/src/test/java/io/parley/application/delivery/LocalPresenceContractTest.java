package io.parley.application.delivery;

import io.parley.application.port.out.PresencePort;
import io.parley.application.port.out.PresencePortContract;

/** The presence contract on one node's memory, the reference the cluster presence is held to. */
class LocalPresenceContractTest extends PresencePortContract {

    @Override
    protected PresencePort newPresence() {
        return new LocalPresence();
    }
}

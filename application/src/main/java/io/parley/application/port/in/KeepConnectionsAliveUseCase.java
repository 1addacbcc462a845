package io.parley.application.port.in;

/** The heartbeat: pings connections and ends the ones that went silent, idle or stuck. */
public interface KeepConnectionsAliveUseCase {

    /** Looks at every connection once, at the clock's current time. */
    void sweep();
}

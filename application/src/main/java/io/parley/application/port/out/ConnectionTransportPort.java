package io.parley.application.port.out;

import java.util.List;

/**
 * One connection's socket, as its outbound queue sees it: it writes what the queue hands it and can be cut. The
 * queue calls {@link #write} from one thread at a time, in order; nothing else writes to the connection.
 */
public interface ConnectionTransportPort {

    /**
     * Writes {@code batch} in order, in as few socket writes as it can, and returns once it is written. A write
     * to a peer that stopped reading blocks (the queue watches for how long); a connection that is gone throws.
     */
    void write(List<Outbound> batch);

    /** Ends the connection at once: its socket is closed, whatever is queued or being written. Idempotent. */
    void abort();
}

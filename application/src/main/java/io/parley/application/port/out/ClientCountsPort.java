package io.parley.application.port.out;

import io.parley.domain.connection.ClientKey;

/**
 * How many connections each client holds on the other nodes, so that the per-client limit holds across the
 * cluster. Counts of a node that went away stop counting within the presence timeout. A single node has none
 * elsewhere ({@link #NONE}).
 */
public interface ClientCountsPort {
    /** No other node. */
    ClientCountsPort NONE = new ClientCountsPort() {
        @Override
        public int elsewhere(ClientKey client) {
            return 0;
        }

        @Override
        public void add(ClientKey client, int delta) {
        }
    };

    /** How many connections {@code client} holds on the other live nodes (0 when that cannot be known now). */
    int elsewhere(ClientKey client);

    /** This node now holds {@code delta} more (or, negative, fewer) connections of {@code client}. */
    void add(ClientKey client, int delta);
}

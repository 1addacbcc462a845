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
        public int claim(ClientKey client) {
            return 0;
        }

        @Override
        public void add(ClientKey client, int delta) {
        }
    };

    /**
     * This node now holds one more connection of {@code client}; returns how many the client holds on the other
     * live nodes, counted once this one is (0 when that cannot be known now). The count and the claim are one step,
     * so a connection admitted here counts on every node that decides after it, and two nodes claiming at once
     * each count the other's: together they never admit more than the limit. A caller that then refuses the
     * connection gives its claim back with {@code add(client, -1)}.
     */
    int claim(ClientKey client);

    /** This node now holds {@code delta} more (or, negative, fewer) connections of {@code client}. */
    void add(ClientKey client, int delta);
}

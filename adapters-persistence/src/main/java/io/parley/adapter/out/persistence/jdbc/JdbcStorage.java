package io.parley.adapter.out.persistence.jdbc;

import io.parley.adapter.common.resilience.CircuitState;
import io.parley.adapter.out.persistence.resilience.ResilientConversationStore;
import io.parley.adapter.out.persistence.resilience.StoreStatus;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.PurgeMessagesPort;

/**
 * An open JDBC store, as bootstrap wires it: the fault-tolerant store and purge ports, readiness, and
 * {@link #close()} for shutdown (it lets queued appends commit first).
 */
public final class JdbcStorage implements AutoCloseable {
    private final JdbcConversationStore jdbc;
    private final ResilientConversationStore resilient;

    JdbcStorage(JdbcConversationStore jdbc, ResilientConversationStore resilient) {
        this.jdbc = jdbc;
        this.resilient = resilient;
    }

    /** The store port, with retries and circuit breaker. */
    public ConversationStorePort conversations() {
        return resilient;
    }

    /** The retention port, with retries and circuit breaker. */
    public PurgeMessagesPort purge() {
        return resilient;
    }

    /** For readiness: a cheap query through the circuit breaker. */
    public StoreStatus status() {
        return resilient.status();
    }

    /** The circuit breaker's state, without touching the database: for gauges. */
    public CircuitState circuitState() {
        return resilient.circuitState();
    }

    @Override
    public void close() {
        resilient.close();
        jdbc.close();
    }
}

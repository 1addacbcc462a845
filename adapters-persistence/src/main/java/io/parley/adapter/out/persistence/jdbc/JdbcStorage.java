package io.parley.adapter.out.persistence.jdbc;

import io.parley.adapter.common.resilience.CircuitState;
import io.parley.adapter.out.persistence.resilience.ResilientConversationStore;
import io.parley.adapter.out.persistence.resilience.StoreStatus;
import io.parley.application.port.out.AttachmentStorePort;
import io.parley.application.port.out.ConversationStatePort;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.ConversationToolsPort;
import io.parley.application.port.out.PurgeMessagesPort;
import io.parley.application.port.out.RunLeasePort;
import io.parley.application.port.out.WebhookOutboxPort;

/**
 * An open JDBC store, as bootstrap wires it: the fault-tolerant store, purge, run-lease and state ports, readiness, and
 * {@link #close()} for shutdown (it lets queued appends commit first).
 */
public final class JdbcStorage implements AutoCloseable {
    private final JdbcConversationStore jdbc;
    private final ResilientConversationStore resilient;
    private final RunLeasePort runLeases;
    private final ConversationStatePort states;
    private final ConversationToolsPort tools;
    private final AttachmentStorePort attachments;
    private final WebhookOutboxPort webhooks;

    JdbcStorage(JdbcConversationStore jdbc, ResilientConversationStore resilient, RunLeasePort runLeases,
                ConversationStatePort states, ConversationToolsPort tools, AttachmentStorePort attachments,
                WebhookOutboxPort webhooks) {
        this.webhooks = webhooks;
        this.tools = tools;
        this.attachments = attachments;
        this.jdbc = jdbc;
        this.resilient = resilient;
        this.runLeases = runLeases;
        this.states = states;
    }

    /** The webhooks' outbox: the conversations' logs with a cursor each, and the membership changes (V10). */
    public WebhookOutboxPort webhooks() {
        return webhooks;
    }

    /** Uploads and attachments in the tables {@code attachments} and {@code attachment_chunks}. */
    public AttachmentStorePort attachments() {
        return attachments;
    }

    /** The conversations' tools in the table {@code conversation_tools}, behind the store's circuit. */
    public ConversationToolsPort tools() {
        return tools;
    }

    /** The conversations' shared states in the table {@code conversation_states}, behind the store's circuit. */
    public ConversationStatePort states() {
        return states;
    }

    /** The store port, with retries and circuit breaker. */
    public ConversationStorePort conversations() {
        return resilient;
    }

    /** The retention port, with retries and circuit breaker. */
    public PurgeMessagesPort purge() {
        return resilient;
    }

    /**
     * The run leases in the store's table {@code run_leases}, shared by every node on this database, with the
     * store's retries (not for {@code takeExpired}) and behind its circuit breaker.
     */
    public RunLeasePort runLeases() {
        return runLeases;
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

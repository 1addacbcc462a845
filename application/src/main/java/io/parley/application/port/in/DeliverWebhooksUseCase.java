package io.parley.application.port.in;

/**
 * Webhook deliveries, driven from the store: each stored event (message, edit, delete, membership change) at least
 * once, in offset order per conversation, retried with backoff while the receiver fails, set aside (parked) after
 * a bound so that the conversation's others go on; in a cluster by one node at a time.
 */
public interface DeliverWebhooksUseCase {

    /** One round of what is due, if this node delivers; returns how many events were delivered. */
    int deliverDue();

    /** What was delivered, failed and parked. */
    Counts counts();

    /** Deliveries so far on this node, and those parked in the store. */
    record Counts(long delivered, long failed, long parked) {
    }
}

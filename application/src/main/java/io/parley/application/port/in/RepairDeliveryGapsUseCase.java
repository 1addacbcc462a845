package io.parley.application.port.in;

/**
 * Fills holes in live delivery: a message stored but never published (its sender's node failed in between)
 * would otherwise hold back every later message of its conversation.
 */
public interface RepairDeliveryGapsUseCase {

    /** Fetches from the store the messages that have been missing for too long and delivers them. */
    void repairGaps();
}

package io.parley.domain.delivery;

/** What became of a frame offered to a connection's outbound queue. */
public enum Offer {
    /** Queued for writing. */
    QUEUED,
    /** The queue would have gone past its bound: the connection is being closed as a slow consumer. */
    OVERFLOWED,
    /** The connection is closing or closed: the frame was dropped. */
    CLOSED
}

package io.parley.application.port.out;

import java.time.Instant;
import java.util.Optional;

import io.parley.domain.connection.CloseReason;

/**
 * The way out to one connection: a bounded queue drained by that connection's single writer. Nothing here
 * blocks the caller: a connection that cannot keep up is closed, and nobody else waits for it.
 */
public interface ConnectionOutboundPort {

    /** Queues {@code frame}; when the queue would overflow, the connection is closed as a slow consumer instead. */
    Offer offer(OutboundFrame frame);

    /** Sends a heartbeat: the application-level {@code frame} and a transport-level ping. */
    void ping(OutboundFrame frame);

    /**
     * Closes the connection with {@code reason}: frames already queued are written first, unless the close is for
     * a slow consumer, whose queue is dropped. Idempotent; the first reason wins.
     */
    void close(CloseReason reason);

    /** Ends the connection at once, without waiting for the peer (a peer that stopped reading or answering). */
    void abort(CloseReason reason);

    /** Bytes queued and not yet written. */
    long queuedBytes();

    /** Since when the write in progress has been blocked, if one is. */
    Optional<Instant> writeBlockedSince();

    /** What became of an offered frame. */
    enum Offer {
        /** Queued for writing. */
        QUEUED,
        /** The queue would have overflowed: the connection is being closed as a slow consumer. */
        OVERFLOWED,
        /** The connection is closing or closed: the frame was dropped. */
        CLOSED
    }
}

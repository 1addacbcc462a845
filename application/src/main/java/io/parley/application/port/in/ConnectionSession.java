package io.parley.application.port.in;

import java.util.List;

import io.parley.application.port.out.OutboundFrame;
import io.parley.domain.connection.CloseReason;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.delivery.Offer;

/**
 * An open connection, as the adapter that reads it drives it: it reserves the place of each answer before the
 * request runs, answers its client's pings, and closes.
 */
public interface ConnectionSession {

    ConnectionId id();

    /**
     * Reserves the place of a request's answer in the connection's outbound queue: whatever the request causes to
     * be sent to this connection (the message a {@code send} stores, a run it starts) queues behind the answer,
     * which the adapter gives with {@link ReplySlot#fill} once the use case has returned. Nothing behind an
     * unfilled slot is written, so a slot must always be filled.
     */
    ReplySlot reserveReply();

    /** Answers a transport ping with its payload; the pong counts toward the queue's bound like any frame. */
    Offer pong(byte[] payload);

    /** Closes the connection: what is queued is written first, then the close frame. */
    void close(CloseReason reason);

    /**
     * Fails the connection for a client that broke the protocol: the queue is dropped and the close frame is the
     * next thing written.
     */
    void fail(CloseReason reason);

    /** The client sent a close frame: the queue is dropped and the close is answered. */
    void peerClosed(CloseReason reason);

    /** The place of one answer in the outbound queue. */
    interface ReplySlot {
        /** Puts the answer's frames in the slot's place; they are written in order. */
        void fill(List<OutboundFrame> answer);
    }
}

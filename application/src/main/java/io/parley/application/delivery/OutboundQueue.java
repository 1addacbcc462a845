package io.parley.application.delivery;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

import io.parley.application.port.in.ConnectionSession.ReplySlot;
import io.parley.application.port.out.ConnectionTransportPort;
import io.parley.application.port.out.EventEncoderPort;
import io.parley.application.port.out.Outbound;
import io.parley.application.port.out.OutboundFrame;
import io.parley.domain.connection.CloseCode;
import io.parley.domain.connection.CloseReason;
import io.parley.domain.delivery.Offer;

/**
 * One connection's outbound queue, bounded in bytes: every frame for the connection waits here until its
 * transport has written it, and nobody ever waits for the connection. A frame that would take the queue past
 * its bound closes the connection as a slow consumer instead ({@code SlowConsumerPolicy}). Frames are written by
 * one drain at a time, a virtual thread started only while there is something to write (an idle connection costs
 * no thread), in batches of consecutive text frames; a lagging connection gets consecutive pieces of an
 * assistant's text joined ({@code DeltaMerging}), encoded on the drain, never on the fan-out path. A reply slot
 * holds the place of a request's answer: nothing behind it is written until it is filled. The close frame is the
 * last thing written.
 *
 * <p>It is longer than most classes here because it is the one owner of a connection's outbound state (the
 * bound, the close and its time, the drain) under one lock; {@link QueuedFrames} holds what waits and cuts the
 * batches.
 */
public final class OutboundQueue {
    private static final System.Logger LOG = System.getLogger(OutboundQueue.class.getName());
    private static final long NOT_WRITING = Long.MIN_VALUE;

    private final ConnectionTransportPort transport;
    private final QueueSettings settings;
    private final EventEncoderPort encoder;
    private final Executor drains;
    private final Clock clock;
    private final QueuedFrames queued = new QueuedFrames(); // guarded by this, as every field below but two
    private boolean draining;
    private CloseReason closing;
    private Instant closingSince;
    private boolean ended;
    /** When the write in progress began, in the clock's milliseconds; {@link #NOT_WRITING} between writes. */
    private volatile long writingSince = NOT_WRITING;
    private volatile long written;

    /**
     * @param drains runs each drain: in production a new virtual thread per drain (cheaper than any pool or name on
     *               the fan-out path), in tests the calling thread
     */
    public OutboundQueue(ConnectionTransportPort transport, QueueSettings settings, EventEncoderPort encoder,
                         Executor drains, Clock clock) {
        this.transport = transport;
        this.settings = settings;
        this.encoder = encoder;
        this.drains = drains;
        this.clock = clock;
    }

    /** Queues {@code frame}; when the queue would overflow, the connection is closed as a slow consumer instead. */
    public Offer offer(OutboundFrame frame) {
        return offer(new Outbound.Text(frame));
    }

    /** Queues a text frame, which may be shared with other queues (the fan-out's); as {@link #offer(OutboundFrame)}. */
    public Offer offer(Outbound.Text frame) {
        return add(frame, null, frame.bytes());
    }

    /** Sends a heartbeat: the application-level {@code frame}, then a transport-level ping. */
    public Offer ping(OutboundFrame frame) {
        return add(List.of(new Outbound.Text(frame), new Outbound.Ping()));
    }

    /** Answers a client's transport ping; the pong counts toward the bound like any frame. */
    public Offer pong(byte[] payload) {
        Outbound.Pong pong = new Outbound.Pong(payload);
        return add(pong, null, pong.bytes());
    }

    /** Reserves the place of a request's answer; see {@code ConnectionSession#reserveReply}. */
    public synchronized ReplySlot reserveReply() {
        return closing == null && !ended ? queued.reserve(this::fill) : queued.closedSlot();
    }

    /**
     * Closes the connection with {@code reason}: what is queued is written first, then the close frame; for a slow
     * consumer the queue is dropped first. Idempotent: the first reason wins.
     */
    public void close(CloseReason reason) {
        closeWith(reason, reason.code().equals(CloseCode.SLOW_CONSUMER), reason);
    }

    /** Closes at once for a client that broke the protocol: the queue is dropped, the close frame goes next. */
    public void fail(CloseReason reason) {
        closeWith(reason, true, reason);
    }

    /**
     * The client sent a close frame: unless the server already closes, the queue is dropped and the close is
     * answered with the client's code (1000 when it gave none).
     */
    public void peerClosed(CloseReason reason) {
        CloseCode echo = reason.code().equals(CloseCode.NO_STATUS) ? CloseCode.NORMAL : reason.code();
        closeWith(CloseReason.of(reason.code(), reason.reason().isBlank() ? "closed by client" : reason.reason()),
                true, CloseReason.of(echo, ""));
    }

    /** Ends the connection at once, without waiting for the peer. */
    public void abort(CloseReason reason) {
        synchronized (this) {
            if (closing == null) {
                closing = reason;
            }
        }
        transport.abort();
    }

    /** The connection has ended: nothing more is written, the queue is dropped. */
    public synchronized void ended() {
        ended = true;
        queued.drop();
    }

    /** Bytes queued and not yet written. */
    public synchronized long queuedBytes() {
        return queued.bytes();
    }

    /** Since when the write in progress has been blocked, if one is. */
    public Optional<Instant> writeBlockedSince() {
        long since = writingSince;
        return since == NOT_WRITING ? Optional.empty() : Optional.of(Instant.ofEpochMilli(since));
    }

    /** Since when the connection has been closing, if it is: the peer has the close timeout to answer. */
    public synchronized Optional<Instant> closingSince() {
        return Optional.ofNullable(closingSince);
    }

    /** Why the connection is closing or closed, if the server or the client began it. */
    public synchronized Optional<CloseReason> closingReason() {
        return Optional.ofNullable(closing);
    }

    /** How many bytes of frames have been written so far. */
    public long writtenBytes() {
        return written;
    }

    private Offer add(List<Outbound> outbound) {
        long bytes = 0;
        for (Outbound each : outbound) {
            bytes += each.bytes();
        }
        return add(null, outbound, bytes);
    }

    /**
     * Queues {@code one} frame or else the frames of {@code many}, of {@code bytes} in all. On the fan-out path: no
     * list, no stream and no wrapper per delivery (what waits in a lagging member's queue is copied by every young
     * collection it survives).
     */
    private Offer add(Outbound one, List<Outbound> many, long bytes) {
        Offer offer;
        boolean start;
        synchronized (this) { // one lock per delivery: the frame is queued and the drain claimed together
            if (closing != null || ended) {
                return Offer.CLOSED;
            }
            offer = admit(bytes) ? Offer.QUEUED : Offer.OVERFLOWED;
            if (offer == Offer.QUEUED) {
                if (one != null) {
                    queued.add(one, bytes);
                } else {
                    queued.add(many, bytes);
                }
            }
            start = claimDrain();
        }
        if (start) {
            drains.execute(this::drain);
        }
        return offer;
    }

    private void fill(QueuedFrames.Slot slot, List<OutboundFrame> answer) {
        List<Outbound> encoded = answer.stream().<Outbound>map(Outbound.Text::new).toList();
        long bytes = encoded.stream().mapToLong(Outbound::bytes).sum();
        synchronized (this) {
            // a slot dropped with the queue ignores its answer; one that would overflow it closes the connection
            if (queued.holds(slot) && admit(bytes)) {
                queued.fill(slot, encoded, bytes);
            }
        }
        kick();
    }

    /** Called with the lock held: whether {@code bytes} more fit; when not, the connection closes as slow. */
    private boolean admit(long bytes) {
        if (!settings.slowConsumer().overflows(queued.bytes(), bytes)) {
            return true;
        }
        startClosing(settings.slowConsumer().closeReason(), true, settings.slowConsumer().closeReason());
        return false;
    }

    private void closeWith(CloseReason reason, boolean dropFirst, CloseReason frame) {
        synchronized (this) {
            if (closing != null || ended) {
                return;
            }
            startClosing(reason, dropFirst, frame);
        }
        kick();
    }

    /** Called with the lock held: the connection closes for {@code reason}, with {@code frame} last. */
    private void startClosing(CloseReason reason, boolean dropFirst, CloseReason frame) {
        closing = reason;
        closingSince = clock.instant();
        if (dropFirst) {
            queued.drop();
        }
        queued.addClose(new Outbound.Close(frame));
    }

    private void kick() {
        boolean start;
        synchronized (this) {
            start = claimDrain();
        }
        if (start) {
            drains.execute(this::drain);
        }
    }

    /** Called with the lock held: whether the caller is to start the drain, which then counts as running. */
    private boolean claimDrain() {
        boolean start = !draining && !queued.isEmpty() && !ended;
        draining |= start;
        return start;
    }

    private void drain() {
        long freed = 0;
        while (true) {
            QueuedFrames.Batch batch;
            synchronized (this) { // frees what the last batch took and cuts the next under one lock
                queued.written(freed);
                batch = ended ? new QueuedFrames.Batch(List.of(), 0) : queued.take(settings, encoder);
                if (batch.outbound().isEmpty()) {
                    draining = false;
                    return;
                }
            }
            writingSince = clock.millis(); // a long, not an Instant: no object per write
            try {
                transport.write(batch.outbound());
                written += batch.bytes();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "write failed, ending the connection", e);
                synchronized (this) {
                    if (closing == null) {
                        closing = CloseReason.of(CloseCode.ABNORMAL, "write failed");
                    }
                    ended = true;
                    queued.drop();
                    draining = false;
                }
                transport.abort();
                return;
            } finally {
                writingSince = NOT_WRITING;
            }
            freed = batch.bytes();
        }
    }
}

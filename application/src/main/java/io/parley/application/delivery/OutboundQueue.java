package io.parley.application.delivery;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
import io.parley.domain.delivery.DeltaMerging;
import io.parley.domain.delivery.Offer;
import io.parley.domain.protocol.ServerEvent;

/**
 * One connection's outbound queue, bounded in bytes: every frame for the connection waits here until its
 * transport has written it, and nobody ever waits for the connection. A frame that would take the queue past
 * its bound closes the connection as a slow consumer instead ({@code SlowConsumerPolicy}). Frames are written by
 * one drain at a time, a virtual thread started only while there is something to write (an idle connection costs
 * no thread), in batches of consecutive text frames; a lagging connection gets consecutive pieces of an
 * assistant's text joined ({@code DeltaMerging}), encoded on the drain, never on the fan-out path. A reply slot
 * holds the place of a request's answer: nothing behind it is written until it is filled. The close frame is the
 * last thing written.
 */
public final class OutboundQueue {
    private static final System.Logger LOG = System.getLogger(OutboundQueue.class.getName());

    private final ConnectionTransportPort transport;
    private final QueueSettings settings;
    private final EventEncoderPort encoder;
    private final Executor drains;
    private final Clock clock;
    private final ArrayDeque<Item> items = new ArrayDeque<>(); // guarded by this, as every field below but two
    private long queuedBytes;
    private boolean draining;
    private CloseReason closing;
    private Instant closingSince;
    private boolean closeTaken;
    private boolean ended;
    private volatile Instant writingSince;
    private volatile long written;
    private long drops;

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
        return add(List.of(new Outbound.Text(frame)));
    }

    /** Sends a heartbeat: the application-level {@code frame}, then a transport-level ping. */
    public Offer ping(OutboundFrame frame) {
        return add(List.of(new Outbound.Text(frame), new Outbound.Ping()));
    }

    /** Answers a client's transport ping; the pong counts toward the bound like any frame. */
    public Offer pong(byte[] payload) {
        return add(List.of(new Outbound.Pong(payload)));
    }

    /** Reserves the place of a request's answer; see {@code ConnectionSession#reserveReply}. */
    public ReplySlot reserveReply() {
        synchronized (this) {
            Slot slot = new Slot(drops);
            if (closing == null && !ended) {
                items.addLast(slot);
            } else {
                slot.answer = List.of();
            }
            return slot;
        }
    }

    /**
     * Closes the connection with {@code reason}: what is queued is written first, then the close frame; for a slow
     * consumer the queue is dropped first. Idempotent: the first reason wins.
     */
    public void close(CloseReason reason) {
        closeWith(reason, reason.code().equals(CloseCode.SLOW_CONSUMER));
    }

    /** Closes at once for a client that broke the protocol: the queue is dropped, the close frame goes next. */
    public void fail(CloseReason reason) {
        closeWith(reason, true);
    }

    /**
     * The client sent a close frame: unless the server already closes, the queue is dropped and the close is
     * answered with the client's code (1000 when it gave none).
     */
    public void peerClosed(CloseReason reason) {
        CloseCode echo = reason.code().equals(CloseCode.NO_STATUS) ? CloseCode.NORMAL : reason.code();
        boolean first;
        synchronized (this) {
            first = closing == null && !ended;
            if (first) {
                closing = CloseReason.of(reason.code(), reason.reason().isBlank() ? "closed by client"
                        : reason.reason());
                closingSince = clock.instant();
                dropQueued();
                items.addLast(new Ready(new Outbound.Close(CloseReason.of(echo, ""))));
            }
        }
        if (first) {
            kick();
        }
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
    public void ended() {
        synchronized (this) {
            ended = true;
            dropQueued();
        }
    }

    /** Bytes queued and not yet written. */
    public synchronized long queuedBytes() {
        return queuedBytes;
    }

    /** Since when the write in progress has been blocked, if one is. */
    public Optional<Instant> writeBlockedSince() {
        return Optional.ofNullable(writingSince);
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
        long bytes = outbound.stream().mapToLong(Outbound::bytes).sum();
        Offer offer;
        synchronized (this) {
            if (closing != null || ended) {
                return Offer.CLOSED;
            }
            if (settings.slowConsumer().overflows(queuedBytes, bytes)) {
                overflow();
                offer = Offer.OVERFLOWED;
            } else {
                queuedBytes += bytes;
                outbound.forEach(o -> items.addLast(new Ready(o)));
                offer = Offer.QUEUED;
            }
        }
        kick();
        return offer;
    }

    private void closeWith(CloseReason reason, boolean dropFirst) {
        synchronized (this) {
            if (closing != null || ended) {
                return;
            }
            closing = reason;
            closingSince = clock.instant();
            if (dropFirst) {
                dropQueued();
            }
            items.addLast(new Ready(new Outbound.Close(reason)));
        }
        kick();
    }

    /** Called with the lock held: the queue overflowed. */
    private void overflow() {
        closing = settings.slowConsumer().closeReason();
        closingSince = clock.instant();
        dropQueued();
        items.addLast(new Ready(new Outbound.Close(closing)));
    }

    private void kick() {
        boolean start;
        synchronized (this) {
            start = !draining && !items.isEmpty() && !ended;
            draining |= start;
        }
        if (start) {
            drains.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            Batch batch;
            synchronized (this) {
                batch = takeBatch();
                if (batch.outbound().isEmpty()) {
                    draining = false;
                    return;
                }
            }
            writingSince = clock.instant();
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
                    dropQueued();
                    draining = false;
                }
                transport.abort();
                return;
            } finally {
                writingSince = null;
            }
            synchronized (this) {
                queuedBytes -= batch.bytes();
            }
        }
    }

    /**
     * Called with the lock held: the next control frame alone, or the text frames at the head of the queue that fit
     * one batch; nothing past an unfilled reply slot, and nothing after the close frame.
     */
    private Batch takeBatch() {
        List<Outbound> batch = new ArrayList<>();
        long bytes = 0;
        while (!closeTaken && !ended && !items.isEmpty()) {
            Item head = items.peekFirst();
            if (head instanceof Slot slot) {
                if (slot.answer == null) {
                    break;
                }
                items.pollFirst();
                for (int i = slot.answer.size() - 1; i >= 0; i--) {
                    items.addFirst(new Ready(slot.answer.get(i)));
                }
                continue;
            }
            Outbound next = ((Ready) head).outbound();
            if (!(next instanceof Outbound.Text text)) {
                if (batch.isEmpty()) {
                    items.pollFirst();
                    batch.add(next);
                    bytes += next.bytes();
                    closeTaken = next instanceof Outbound.Close;
                }
                break;
            }
            if (!batch.isEmpty() && bytes + text.bytes() > settings.batchBytes()) {
                break;
            }
            items.pollFirst();
            bytes += text.bytes();
            if (!batch.isEmpty() && settings.merging().lagging(queuedBytes)
                    && batch.getLast() instanceof Outbound.Text last) {
                Optional<ServerEvent.RunEvent> joined = DeltaMerging.join(last.frame().event(), text.frame().event());
                if (joined.isPresent()) {
                    batch.set(batch.size() - 1, new Outbound.Text(encoder.encode(joined.get())));
                    continue;
                }
            }
            batch.add(text);
        }
        return new Batch(batch, bytes);
    }

    /** Called with the lock held: reply slots in the queue are dropped with it and ignore their answers. */
    private void dropQueued() {
        items.clear();
        queuedBytes = 0;
        drops++;
    }

    private void fill(Slot slot, List<OutboundFrame> answer) {
        List<Outbound> encoded = answer.stream().<Outbound>map(Outbound.Text::new).toList();
        long bytes = encoded.stream().mapToLong(Outbound::bytes).sum();
        synchronized (this) {
            if (slot.answer != null || slot.generation != drops) {
                return; // filled already, or dropped with the queue (the connection is closing)
            }
            if (settings.slowConsumer().overflows(queuedBytes, bytes)) {
                overflow();
            } else {
                queuedBytes += bytes;
                slot.answer = encoded;
            }
        }
        kick();
    }

    /** What waits in the queue. */
    private sealed interface Item {
    }

    /** A frame ready to be written. */
    private record Ready(Outbound outbound) implements Item {
    }

    /** The place of an answer; guarded by the queue. */
    private final class Slot implements Item, ReplySlot {
        private final long generation;
        private List<Outbound> answer;

        Slot(long generation) {
            this.generation = generation;
        }

        @Override
        public void fill(List<OutboundFrame> answer) {
            OutboundQueue.this.fill(this, answer);
        }
    }

    /** Frames to write together and the queued bytes they free. */
    private record Batch(List<Outbound> outbound, long bytes) {
    }
}

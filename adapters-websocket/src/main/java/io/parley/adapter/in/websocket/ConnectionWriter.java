package io.parley.adapter.in.websocket;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;

import io.parley.application.port.out.ConnectionOutboundPort;
import io.parley.application.port.out.EventEncoderPort;
import io.parley.application.port.out.OutboundFrame;
import io.parley.domain.connection.CloseCode;
import io.parley.domain.connection.CloseReason;
import io.parley.domain.protocol.AgUiEvent;
import io.parley.domain.protocol.ServerEvent;

/**
 * The single writer of one connection. Frames wait in a queue bounded in bytes (control frames count too) and are
 * written by one virtual thread at a time, started only while there is something to write; an idle connection
 * costs no thread. A frame that would overflow the queue closes the connection as a slow consumer (4009) instead
 * of waiting. Text frames are framed here ({@link FrameEncoder}) from the event's shared UTF-8 bytes (no
 * per-receiver encoding) and whatever is queued goes out in one socket write. Nothing else writes to the socket,
 * the answer to a client's close included, so writes need no lock.
 */
final class ConnectionWriter implements ConnectionOutboundPort {
    private static final System.Logger LOG = System.getLogger(ConnectionWriter.class.getName());

    /** Text frames queued together go out in writes of up to this many bytes. */
    private static final int BATCH_BYTES = 64 * 1024;
    /** A connection with more than this queued lags: its assistant text pieces are joined while they wait. */
    private static final int LAGGING_BYTES = 16 * 1024;

    private final DataWriter socket;
    private final WriterContext context;
    private final Runnable terminate;
    private final ArrayDeque<Item> queue = new ArrayDeque<>(); // guarded by itself
    private final AtomicLong queued = new AtomicLong();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicReference<CloseReason> closing = new AtomicReference<>();
    private final CountDownLatch closeSent = new CountDownLatch(1);
    private volatile Instant writingSince;
    private volatile boolean closeWritten;
    private volatile boolean ended;

    /**
     * @param terminate ends the connection at once (closes its socket)
     */
    ConnectionWriter(DataWriter socket, WriterContext context, Runnable terminate) {
        this.socket = socket;
        this.context = context;
        this.terminate = terminate;
    }

    @Override
    public Offer offer(OutboundFrame frame) {
        if (frame.event() instanceof ServerEvent.RunEvent run
                && run.event() instanceof AgUiEvent.TextMessageContent) {
            return offerDelta(run, frame.payload());
        }
        return offerText(frame.payload());
    }

    /**
     * Queues a piece of an assistant's text; when the connection lags (more than {@link #LAGGING_BYTES} queued)
     * and the previous piece of the same message is still waiting, the two become one frame with the later seq:
     * the same text in fewer frames.
     */
    private Offer offerDelta(ServerEvent.RunEvent run, byte[] payload) {
        if (closing.get() != null || ended) {
            return Offer.CLOSED;
        }
        Item.Delta merged;
        synchronized (queue) {
            if (queued.get() <= LAGGING_BYTES || !(queue.peekLast() instanceof Item.Delta last)
                    || !last.continuedBy(run)) {
                merged = null;
            } else {
                queue.pollLast();
                merged = last.followedBy(run, context.encoder());
                queue.addLast(merged);
                queued.addAndGet(merged.bytes() - last.bytes());
            }
        }
        if (merged == null) {
            return enqueueWithinBound(new Item.Delta(run, payload));
        }
        if (queued.get() > context.maxQueuedBytes()) {
            return overflow();
        }
        return Offer.QUEUED;
    }

    /** Queues a text frame of these UTF-8 bytes, within the queue's bound. */
    Offer offerText(byte[] payload) {
        if (closing.get() != null || ended) {
            return Offer.CLOSED;
        }
        return enqueueWithinBound(new Item.Text(payload));
    }

    private Offer enqueueWithinBound(Item item) {
        if (queued.addAndGet(item.bytes()) > context.maxQueuedBytes()) {
            queued.addAndGet(-item.bytes());
            return overflow();
        }
        enqueue(item);
        return Offer.QUEUED;
    }

    private Offer overflow() {
        close(CloseReason.of(CloseCode.SLOW_CONSUMER, "outbound queue over " + context.maxQueuedBytes() + " bytes"));
        return Offer.OVERFLOWED;
    }

    @Override
    public void ping(OutboundFrame frame) {
        if (offer(frame) == Offer.QUEUED) {
            enqueue(new Item.Ping());
        }
    }

    /** Answers a transport ping with its payload; the pong counts toward the queue's bound like any frame. */
    Offer pong(byte[] payload) {
        if (closing.get() != null || ended) {
            return Offer.CLOSED;
        }
        return enqueueWithinBound(new Item.Pong(payload));
    }

    @Override
    public void close(CloseReason reason) {
        if (!closing.compareAndSet(null, reason)) {
            return;
        }
        if (reason.code().equals(CloseCode.SLOW_CONSUMER)) {
            dropQueued();
        }
        enqueue(new Item.Close(reason));
        context.scheduler().schedule(() -> abort(reason), context.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void abort(CloseReason reason) {
        closing.compareAndSet(null, reason);
        if (!ended) {
            terminate.run();
        }
    }

    @Override
    public long queuedBytes() {
        return queued.get();
    }

    @Override
    public Optional<Instant> writeBlockedSince() {
        return Optional.ofNullable(writingSince);
    }

    /** The reason the server gave when it began closing, if it did. */
    Optional<CloseReason> closingReason() {
        return Optional.ofNullable(closing.get());
    }

    /**
     * The peer sent a close frame: unless the server already sent its own, what is queued is dropped and the close
     * is echoed (RFC 6455 section 5.5.1). Waits, at most the close timeout, until the close frame went out, so that
     * the connection may end.
     */
    void peerClosed(CloseReason reason) {
        CloseReason told = CloseReason.of(reason.code(),
                reason.reason().isBlank() ? "closed by client" : reason.reason());
        if (closing.compareAndSet(null, told)) {
            dropQueued();
            enqueue(new Item.Close(CloseReason.of(echoOf(reason.code()), "")));
        }
        try {
            closeSent.await(context.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The connection has ended: nothing more is written, the queue is dropped. */
    void ended() {
        ended = true;
        closeSent.countDown();
        dropQueued();
    }

    /**
     * Writes a close frame now, from the reader thread, for a client that broke the protocol: the stream cannot be
     * read any further, so nothing queued matters and the connection ends after it.
     */
    void closeAtOnce(CloseReason reason) {
        closing.compareAndSet(null, reason);
        dropQueued();
        enqueue(new Item.Close(reason));
        try {
            closeSent.await(context.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void enqueue(Item item) {
        synchronized (queue) {
            queue.addLast(item);
        }
        if (scheduled.compareAndSet(false, true)) {
            context.threads().newThread(this::drain).start();
        }
    }

    private void drain() {
        while (true) {
            List<Item> batch = takeBatch();
            if (batch.isEmpty()) {
                scheduled.set(false);
                if (isEmpty() || !scheduled.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            if (batch.getFirst() instanceof Item.Payload) {
                writeTexts(batch);
            } else {
                queued.addAndGet(-batch.getFirst().bytes());
                if (!ended && !closeWritten) {
                    write(batch.getFirst());
                }
            }
        }
    }

    /** The next control frame alone, or the text frames at the head of the queue that fit in one write. */
    private List<Item> takeBatch() {
        List<Item> batch = new ArrayList<>();
        int bytes = 0;
        synchronized (queue) {
            Item first = queue.pollFirst();
            if (first == null) {
                return batch;
            }
            batch.add(first);
            if (!(first instanceof Item.Payload)) {
                return batch;
            }
            bytes += first.bytes();
            while (queue.peekFirst() instanceof Item.Payload next && bytes + next.bytes() + 10 <= BATCH_BYTES) {
                batch.add(queue.pollFirst());
                bytes += next.bytes();
            }
        }
        return batch;
    }

    /** Writes text frames in one socket write. */
    private void writeTexts(List<Item> texts) {
        BufferData batch = BufferData.growing(Math.min(BATCH_BYTES, texts.getFirst().bytes() + 16));
        int taken = 0;
        for (Item item : texts) {
            taken += append(batch, ((Item.Payload) item).payload());
        }
        if (!ended && !closeWritten) {
            write(() -> socket.writeNow(batch));
        }
        queued.addAndGet(-taken);
    }

    private static int append(BufferData batch, byte[] payload) {
        FrameEncoder.appendText(batch, payload);
        return payload.length;
    }

    private void write(Item item) {
        write(() -> {
            switch (item) {
                case Item.Payload text -> throw new IllegalStateException("text frames are written in batches");
                case Item.Ping ping -> socket.writeNow(FrameEncoder.ping());
                case Item.Pong pong -> socket.writeNow(FrameEncoder.pong(pong.payload()));
                case Item.Close close -> {
                    closeWritten = true;
                    try {
                        socket.writeNow(FrameEncoder.close(close.reason()));
                    } finally {
                        closeSent.countDown();
                    }
                }
            }
        });
    }

    /** Runs one write, timing it for the write timeout; a failed write ends the connection. */
    private void write(Runnable write) {
        if (closeWritten) {
            return;
        }
        try {
            writingSince = context.clock().instant();
            write.run();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "write failed, ending the connection", e);
            closing.compareAndSet(null, CloseReason.of(CloseCode.ABNORMAL, "write failed"));
            ended = true;
            closeSent.countDown();
            terminate.run();
        } finally {
            writingSince = null;
        }
    }

    private void dropQueued() {
        synchronized (queue) {
            Item item;
            while ((item = queue.pollFirst()) != null) {
                queued.addAndGet(-item.bytes());
            }
        }
    }

    private boolean isEmpty() {
        synchronized (queue) {
            return queue.isEmpty();
        }
    }

    /** The code that answers a client's close: its own, or 1000 when it gave none. */
    private static CloseCode echoOf(CloseCode code) {
        return code.equals(CloseCode.NO_STATUS) ? CloseCode.NORMAL : code;
    }

    /** What waits in the queue. */
    private sealed interface Item {
        default int bytes() {
            return 0;
        }

        /** A text frame's payload, written in batches. */
        sealed interface Payload extends Item {
            byte[] payload();

            @Override
            default int bytes() {
                return payload().length;
            }
        }

        record Text(byte[] payload) implements Payload {
        }

        /** A piece of an assistant's text, which a later piece of the same message may join while both wait. */
        record Delta(ServerEvent.RunEvent run, byte[] payload) implements Payload {
            boolean continuedBy(ServerEvent.RunEvent next) {
                return next.runId().equals(run.runId())
                        && next.event() instanceof AgUiEvent.TextMessageContent following
                        && run.event() instanceof AgUiEvent.TextMessageContent content
                        && following.messageId().equals(content.messageId());
            }

            Delta followedBy(ServerEvent.RunEvent next, EventEncoderPort encoder) {
                AgUiEvent.TextMessageContent content = (AgUiEvent.TextMessageContent) run.event();
                AgUiEvent.TextMessageContent following = (AgUiEvent.TextMessageContent) next.event();
                ServerEvent.RunEvent joined = new ServerEvent.RunEvent(next.conversation(), next.runId(), next.seq(),
                        new AgUiEvent.TextMessageContent(content.messageId(), content.delta() + following.delta()));
                return new Delta(joined, encoder.encode(joined).payload());
            }
        }

        record Ping() implements Item {
        }

        record Pong(byte[] payload) implements Item {
            @Override
            public int bytes() {
                return payload.length + 2;
            }
        }

        record Close(CloseReason reason) implements Item {
        }
    }
}

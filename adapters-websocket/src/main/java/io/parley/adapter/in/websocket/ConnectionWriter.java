package io.parley.adapter.in.websocket;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;
import io.helidon.webserver.ConnectionContext;
import io.helidon.websocket.WsSession;

import io.parley.application.port.out.ConnectionOutboundPort;
import io.parley.application.port.out.EventEncoderPort;
import io.parley.application.port.out.OutboundFrame;
import io.parley.domain.connection.CloseCode;
import io.parley.domain.connection.CloseReason;
import io.parley.domain.protocol.AgUiEvent;
import io.parley.domain.protocol.ServerEvent;

/**
 * The single writer of one connection. Frames wait in a queue bounded in bytes and are written by one virtual
 * thread at a time, started only while there is something to write; an idle connection costs no thread. A frame
 * that would overflow the queue closes the connection as a slow consumer (4009) instead of waiting. Text frames
 * are framed here from the event's shared UTF-8 bytes (no per-receiver encoding) and whatever is queued goes out
 * in one socket write. Every write on the connection, the reader thread's close reply included, is serialized
 * by one lock: Helidon 4.1.2's {@code WsSession.send} is not thread-safe.
 */
final class ConnectionWriter implements ConnectionOutboundPort {
    private static final System.Logger LOG = System.getLogger(ConnectionWriter.class.getName());

    /** Text frames queued together go out in writes of up to this many bytes. */
    private static final int BATCH_BYTES = 64 * 1024;
    /** A connection with more than this queued lags: its assistant text pieces are joined while they wait. */
    private static final int LAGGING_BYTES = 16 * 1024;

    private final WsSession session;
    private final DataWriter socket;
    private final WriterContext context;
    private final Runnable terminate;
    private final ArrayDeque<Item> queue = new ArrayDeque<>(); // guarded by itself
    private final AtomicLong queued = new AtomicLong();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicReference<CloseReason> closing = new AtomicReference<>();
    private final ReentrantLock sendLock = new ReentrantLock();
    private volatile Instant writingSince;
    private volatile boolean closeWritten;
    private volatile boolean ended;

    /**
     * @param terminate ends the connection at once (closes its socket)
     */
    ConnectionWriter(WsSession session, WriterContext context, Runnable terminate) {
        this.session = session;
        this.socket = ((ConnectionContext) session.socketContext()).dataWriter();
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

    /** Answers a transport ping with its payload. */
    void pong(byte[] payload) {
        if (closing.get() == null && !ended) {
            enqueue(new Item.Pong(payload));
        }
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
     * The peer sent a close frame: echo it (under the send lock, so Helidon does not reply on its own
     * concurrently with this writer) unless the server already sent its own.
     */
    void peerClosed(int code, String reason) {
        closing.compareAndSet(null, CloseReason.of(validCode(code),
                reason == null || reason.isBlank() || reason.equals("normal") ? "closed by client" : reason));
        try {
            if (sendLock.tryLock(context.closeTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    if (!closeWritten && !ended) {
                        closeWritten = true;
                        session.close(validEcho(code), "");
                    }
                } finally {
                    sendLock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "close reply failed", e);
        }
    }

    /** The connection has ended: nothing more is written, the queue is dropped. */
    void ended() {
        ended = true;
        dropQueued();
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
        batch.write(0x81); // FIN, text
        if (payload.length < 126) {
            batch.write(payload.length);
        } else if (payload.length < 1 << 16) {
            batch.write(126);
            batch.writeInt16(payload.length);
        } else {
            batch.write(127);
            batch.writeInt32(0);
            batch.writeInt32(payload.length);
        }
        batch.write(payload);
        return payload.length;
    }

    private void write(Item item) {
        write(() -> {
            switch (item) {
                case Item.Payload text -> throw new IllegalStateException("text frames are written in batches");
                case Item.Ping ping -> session.ping(BufferData.empty());
                case Item.Pong pong -> session.pong(BufferData.create(pong.payload()));
                case Item.Close close -> {
                    closeWritten = true;
                    session.close(close.reason().code().value(), truncate(close.reason().reason()));
                }
            }
        });
    }

    /** Runs one write under the send lock, timing it for the write timeout; a failed write ends the connection. */
    private void write(Runnable write) {
        sendLock.lock();
        try {
            if (closeWritten) {
                return;
            }
            writingSince = context.clock().instant();
            write.run();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "write failed, ending the connection", e);
            closing.compareAndSet(null, CloseReason.of(CloseCode.ABNORMAL, "write failed"));
            ended = true;
            terminate.run();
        } finally {
            writingSince = null;
            sendLock.unlock();
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

    private static CloseCode validCode(int code) {
        return code >= 1000 && code <= 4999 ? new CloseCode(code) : CloseCode.NO_STATUS;
    }

    private static int validEcho(int code) {
        return code == CloseCode.NO_STATUS.value() || code == CloseCode.ABNORMAL.value() ? 1000 : code;
    }

    /** A close reason may hold at most 123 bytes. */
    private static String truncate(String reason) {
        return reason.length() <= 60 ? reason : reason.substring(0, 60);
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
        }

        record Close(CloseReason reason) implements Item {
        }
    }
}

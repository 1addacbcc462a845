package io.parley.adapter.in.websocket;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
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
import io.parley.application.port.out.OutboundFrame;
import io.parley.domain.connection.CloseCode;
import io.parley.domain.connection.CloseReason;

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

    private final WsSession session;
    private final DataWriter socket;
    private final WriterContext context;
    private final Runnable terminate;
    private final Queue<Item> queue = new ConcurrentLinkedQueue<>();
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
        return offerText(frame.payload());
    }

    /** Queues a text frame of these UTF-8 bytes, within the queue's bound. */
    Offer offerText(byte[] payload) {
        int bytes = payload.length;
        if (closing.get() != null || ended) {
            return Offer.CLOSED;
        }
        if (queued.addAndGet(bytes) > context.maxQueuedBytes()) {
            queued.addAndGet(-bytes);
            close(CloseReason.of(CloseCode.SLOW_CONSUMER, "outbound queue over "
                    + context.maxQueuedBytes() + " bytes"));
            return Offer.OVERFLOWED;
        }
        enqueue(new Item.Text(payload));
        return Offer.QUEUED;
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
        queue.add(item);
        if (scheduled.compareAndSet(false, true)) {
            context.threads().newThread(this::drain).start();
        }
    }

    private void drain() {
        Item carried = null;
        while (true) {
            Item item;
            while ((item = carried != null ? carried : queue.poll()) != null) {
                carried = null;
                if (item instanceof Item.Text text) {
                    carried = writeTexts(text);
                } else {
                    queued.addAndGet(-item.bytes());
                    if (!ended && !closeWritten) {
                        write(item);
                    }
                }
            }
            scheduled.set(false);
            if (queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }

    /**
     * Writes {@code first} and the text frames queued right behind it in one socket write; returns the item it
     * took from the queue but did not write (a control frame, or a text that did not fit), if any.
     */
    private Item writeTexts(Item.Text first) {
        BufferData batch = BufferData.growing(Math.min(BATCH_BYTES, first.bytes() + 16));
        int taken = append(batch, first);
        Item next;
        while ((next = queue.poll()) instanceof Item.Text text
                && batch.available() + text.bytes() + 10 <= BATCH_BYTES) {
            taken += append(batch, text);
        }
        if (!ended && !closeWritten) {
            write(() -> socket.writeNow(batch));
        }
        queued.addAndGet(-taken);
        return next;
    }

    private static int append(BufferData batch, Item.Text text) {
        byte[] payload = text.payload();
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
                case Item.Text text -> throw new IllegalStateException("text frames are written in batches");
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
        Item item;
        while ((item = queue.poll()) != null) {
            queued.addAndGet(-item.bytes());
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

        record Text(byte[] payload) implements Item {
            @Override
            public int bytes() {
                return payload.length;
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

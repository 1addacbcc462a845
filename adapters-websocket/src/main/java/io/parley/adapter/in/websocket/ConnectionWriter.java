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
import io.helidon.websocket.WsSession;

import io.parley.application.port.out.ConnectionOutboundPort;
import io.parley.application.port.out.OutboundFrame;
import io.parley.domain.connection.CloseCode;
import io.parley.domain.connection.CloseReason;

/**
 * The single writer of one connection. Frames wait in a queue bounded in bytes and are written by one virtual
 * thread at a time, started only while there is something to write; an idle connection costs no thread. A frame
 * that would overflow the queue closes the connection as a slow consumer (4009) instead of waiting. Every send
 * on the session, the reader thread's close reply included, is serialized by one lock: Helidon 4.1.2's
 * {@code WsSession.send} is not thread-safe.
 */
final class ConnectionWriter implements ConnectionOutboundPort {
    private static final System.Logger LOG = System.getLogger(ConnectionWriter.class.getName());

    private final WsSession session;
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
        this.context = context;
        this.terminate = terminate;
    }

    @Override
    public Offer offer(OutboundFrame frame) {
        return offerText(frame.text(), frame.bytes());
    }

    /** Queues a text frame of {@code bytes} UTF-8 bytes, within the queue's bound. */
    Offer offerText(String text, int bytes) {
        if (closing.get() != null || ended) {
            return Offer.CLOSED;
        }
        if (queued.addAndGet(bytes) > context.maxQueuedBytes()) {
            queued.addAndGet(-bytes);
            close(CloseReason.of(CloseCode.SLOW_CONSUMER, "outbound queue over "
                    + context.maxQueuedBytes() + " bytes"));
            return Offer.OVERFLOWED;
        }
        enqueue(new Item.Text(text, bytes));
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
            context.executor().execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            Item item;
            while ((item = queue.poll()) != null) {
                queued.addAndGet(-item.bytes());
                if (!ended && !closeWritten) {
                    write(item);
                }
            }
            scheduled.set(false);
            if (queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private void write(Item item) {
        sendLock.lock();
        try {
            if (closeWritten) {
                return;
            }
            writingSince = context.clock().instant();
            switch (item) {
                case Item.Text text -> session.send(text.text(), true);
                case Item.Ping ping -> session.ping(BufferData.empty());
                case Item.Pong pong -> session.pong(BufferData.create(pong.payload()));
                case Item.Close close -> {
                    closeWritten = true;
                    session.close(close.reason().code().value(), truncate(close.reason().reason()));
                }
            }
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

        record Text(String text, int bytes) implements Item {
        }

        record Ping() implements Item {
        }

        record Pong(byte[] payload) implements Item {
        }

        record Close(CloseReason reason) implements Item {
        }
    }
}

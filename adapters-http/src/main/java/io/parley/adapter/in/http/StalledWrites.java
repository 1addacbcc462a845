package io.parley.adapter.in.http;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how long one write of a streamed answer may block: a client that stops reading parks the writing thread in
 * a socket write that has no timeout of its own. Past the write timeout the thread is interrupted, which closes the
 * socket channel under it (Helidon's listener sockets are NIO channels) and ends the write with an exception, as
 * the WebSocket writer does for its connections.
 */
final class StalledWrites implements AutoCloseable {
    private final Duration timeout;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("parley-http-write-deadlines").daemon(true).factory());

    StalledWrites(Duration timeout) {
        this.timeout = timeout;
    }

    /** Runs {@code write} on this thread, interrupting it if it blocks longer than the write timeout. */
    void write(Runnable write) {
        Thread writer = Thread.currentThread();
        ScheduledFuture<?> deadline = timer.schedule(writer::interrupt, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            write.run();
        } finally {
            if (!deadline.cancel(false)) {
                Thread.interrupted();
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

package io.parley.adapter.in.websocket;

import java.time.Duration;
import java.util.concurrent.Semaphore;

import io.helidon.webserver.spi.ServerConnection;

/**
 * Wraps Helidon's WebSocket connection so that its end is always seen. Helidon 4.1.2 calls neither
 * {@code onClose} nor {@code onError} on an abrupt TCP drop, an idle timeout or an oversized frame; this
 * {@code finally} runs for every one of them.
 */
final class GuardedConnection implements ServerConnection {
    private final ServerConnection delegate;
    private final ConnectionListener listener;

    GuardedConnection(ServerConnection delegate, ConnectionListener listener) {
        this.delegate = delegate;
        this.listener = listener;
    }

    @Override
    public void handle(Semaphore requestSemaphore) throws InterruptedException {
        Throwable failure = null;
        try {
            delegate.handle(requestSemaphore);
        } catch (InterruptedException | RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            listener.ended(failure);
        }
    }

    @Override
    public Duration idleTime() {
        return delegate.idleTime();
    }

    @Override
    public void close(boolean interrupt) {
        delegate.close(interrupt);
    }
}

package io.parley.adapter.in.http;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

import io.parley.domain.LogLine;

/**
 * The header-read timeout: a connection that has not sent a request's whole head (prologue and headers) within
 * the timeout of being accepted, or of that request's first line, gets {@code 408} and is closed, so that a
 * client sending {@code GET /ws HTTP/1.1\r\nHost: x\r\n} and nothing more (or nothing at all) holds neither a
 * socket nor a thread for long. Helidon 4.5.0 has no such timeout: its idle timeout only covers connections it has
 * already identified. The selector {@link #guard} makes of the HTTP/1 one must be the listener's only selector, so
 * that it sees every connection as soon as it is accepted; {@link #listener()} tells it when a head is complete.
 */
final class HeaderDeadlines implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HeaderDeadlines.class.getName());

    private final Duration timeout;
    private final byte[] timedOut;
    private final Map<ConnectionContext, Deadline> armed = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("parley-header-deadlines").daemon(true).factory());

    /**
     * @param timedOut the whole HTTP answer a connection gets when its time is up
     */
    HeaderDeadlines(Duration timeout, String timedOut) {
        this.timeout = timeout;
        this.timedOut = timedOut.getBytes(StandardCharsets.UTF_8);
    }

    /** Told by each HTTP/1 connection when a request's first line and when its headers have been read. */
    Http1ConnectionListener listener() {
        return new Http1ConnectionListener() {
            @Override
            public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
                Deadline deadline = armed.get(ctx);
                if (deadline != null) {
                    deadline.arm();
                }
            }

            @Override
            public void headers(ConnectionContext ctx, Headers headers) {
                Deadline deadline = armed.get(ctx);
                if (deadline != null) {
                    deadline.disarm();
                }
            }
        };
    }

    /** {@code http1}, with a deadline for every connection it takes. */
    ServerConnectionSelector guard(ServerConnectionSelector http1) {
        return new ServerConnectionSelector() {
            @Override
            public int bytesToIdentifyConnection() {
                return http1.bytesToIdentifyConnection();
            }

            @Override
            public Support supports(BufferData data) {
                return http1.supports(data);
            }

            @Override
            public Set<String> supportedApplicationProtocols() {
                return http1.supportedApplicationProtocols();
            }

            @Override
            public ServerConnection connection(ConnectionContext ctx) {
                return watched(ctx, http1.connection(ctx));
            }
        };
    }

    private ServerConnection watched(ConnectionContext ctx, ServerConnection connection) {
        Deadline deadline = new Deadline(ctx, connection);
        armed.put(ctx, deadline);
        deadline.arm();
        return new ServerConnection() {
            @Override
            public void handle(Limit limit) throws InterruptedException {
                try {
                    connection.handle(limit);
                } finally {
                    deadline.disarm();
                    armed.remove(ctx);
                }
            }

            @Override
            public Duration idleTime() {
                return connection.idleTime();
            }

            @Override
            public void close(boolean interrupt) {
                connection.close(interrupt);
            }
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One connection's deadline for its next head. */
    private final class Deadline {
        private final ConnectionContext ctx;
        private final ServerConnection connection;
        private ScheduledFuture<?> pending;

        Deadline(ConnectionContext ctx, ServerConnection connection) {
            this.ctx = ctx;
            this.connection = connection;
        }

        synchronized void arm() {
            disarm();
            pending = timer.schedule(this::expire, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        synchronized void disarm() {
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
        }

        private void expire() {
            synchronized (this) {
                if (pending == null || pending.isCancelled()) {
                    return;
                }
                pending = null;
            }
            LOG.log(Level.INFO, () -> LogLine.event("limit_hit").with("limit", "header_timeout")
                    .with("client", ctx.remotePeer().host()).with("timeout_ms", timeout.toMillis()).toString());
            try {
                ctx.dataWriter().writeNow(BufferData.create(timedOut));
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "the 408 could not be written", e);
            }
            connection.close(true);
            try {
                ctx.serverSocket().close();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "closing a timed out socket failed", e);
            }
        }
    }
}

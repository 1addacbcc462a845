package io.parley.bootstrap;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The node's one maintenance thread: the tick (heartbeats and the connections' time bounds, delivery gaps, idle
 * rate-limit buckets), the expiry of partial uploads and, when messages expire, the retention purge.
 */
final class Maintenance implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Maintenance.class.getName());

    private final ScheduledExecutorService executor;

    private Maintenance(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    static Maintenance start(Gateway gateway, Duration purgeEvery, Duration uploadsKept) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("parley-maintenance").daemon(true).factory());
        long tick = gateway.tickEvery().toMillis();
        executor.scheduleAtFixedRate(() -> runSafely(gateway.tick()), tick, tick, TimeUnit.MILLISECONDS);
        long expiry = Math.max(1_000, Math.min(60_000, uploadsKept.toMillis() / 4));
        executor.scheduleAtFixedRate(() -> runSafely(gateway.uploads()::expireUploads), expiry, expiry,
                TimeUnit.MILLISECONDS);
        gateway.retention().ifPresent(purging -> executor.scheduleAtFixedRate(
                () -> runSafely(purging::purgeExpired), 0, purgeEvery.toMillis(), TimeUnit.MILLISECONDS));
        return new Maintenance(executor);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "maintenance tick failed", e);
        }
    }
}

package io.parley.bootstrap;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The node's one maintenance thread: the tick (heartbeats and the connections' time bounds, delivery gaps, idle
 * rate-limit buckets), the expiry of partial uploads and, when messages expire, the retention purge; and, on a thread
 * of their own (they wait on the receiver), the webhook deliveries.
 */
final class Maintenance implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Maintenance.class.getName());

    private final ScheduledExecutorService executor;
    private final ScheduledExecutorService webhooks;

    private Maintenance(ScheduledExecutorService executor, ScheduledExecutorService webhooks) {
        this.executor = executor;
        this.webhooks = webhooks;
    }

    static Maintenance start(Gateway gateway, Duration purgeEvery, Duration uploadsKept, Duration webhookPoll) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("parley-maintenance").daemon(true).factory());
        long tick = gateway.tickEvery().toMillis();
        executor.scheduleAtFixedRate(() -> runSafely(gateway.tick()), tick, tick, TimeUnit.MILLISECONDS);
        long expiry = Math.max(1_000, Math.min(60_000, uploadsKept.toMillis() / 4));
        executor.scheduleAtFixedRate(() -> runSafely(gateway.uploads()::expireUploads), expiry, expiry,
                TimeUnit.MILLISECONDS);
        gateway.retention().ifPresent(purging -> executor.scheduleAtFixedRate(
                () -> runSafely(purging::purgeExpired), 0, purgeEvery.toMillis(), TimeUnit.MILLISECONDS));
        ScheduledExecutorService hooks = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("parley-webhooks").daemon(true).factory());
        gateway.webhooks().ifPresent(service -> hooks.scheduleWithFixedDelay(() -> runSafely(() -> {
            while (service.deliverDue() > 0) {
                // what is due goes out round after round; then wait for the next poll
            }
        }), webhookPoll.toMillis(), webhookPoll.toMillis(), TimeUnit.MILLISECONDS));
        return new Maintenance(executor, hooks);
    }

    @Override
    public void close() {
        webhooks.shutdownNow();
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

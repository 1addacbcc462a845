package io.parley.adapter.common.resilience;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs each task on its own virtual thread, then calls {@code afterEach}. Given to Helidon's circuit breaker for
 * its open-to-half-open timer, it lets us see that transition the moment it happens (4.1.2 has no listener).
 */
final class ObservingExecutor extends AbstractExecutorService {
    private final Runnable afterEach;
    private volatile boolean shutdown;

    ObservingExecutor(Runnable afterEach) {
        this.afterEach = afterEach;
    }

    @Override
    public void execute(Runnable task) {
        Thread.ofVirtual().name("parley-breaker-timer").start(() -> {
            try {
                task.run();
            } finally {
                afterEach.run();
            }
        });
    }

    /** Marks the executor shut down; timers already started still end on their own. */
    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutdown;
    }
}

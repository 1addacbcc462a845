package io.parley.adapter.out.assistant;

import java.util.function.Supplier;

import io.helidon.faulttolerance.Bulkhead;
import io.parley.application.port.out.RunCancellation;

/**
 * Admits runs through Helidon's bulkhead: {@code maxConcurrentRuns} at once, {@code maxQueuedRuns} waiting, the
 * next refused with a {@code BulkheadException}. A run cancelled while it waits leaves the queue at once: its
 * ticket is taken out of the queue and only then its waiting thread interrupted, which is safe in 4.1.2 (an
 * interrupt alone would leave the ticket queued and later swallow a permit).
 */
final class RunSlots {
    private final Bulkhead bulkhead;

    RunSlots(String name, ResilienceSettings settings) {
        this.bulkhead = Bulkhead.builder()
                .name(name)
                .limit(settings.maxConcurrentRuns())
                .queueLength(settings.maxQueuedRuns())
                .build();
    }

    /** Runs {@code run} once admitted; null if the run was cancelled while queued. */
    <T> T admit(Supplier<T> run, RunCancellation cancellation) {
        Ticket<T> ticket = new Ticket<>(run);
        Thread waiting = Thread.currentThread();
        cancellation.onCancel(() -> {
            if (bulkhead.cancelSupplier(ticket)) {
                ticket.withdrawn = true;
                waiting.interrupt();
            }
        });
        try {
            return bulkhead.invoke(ticket);
        } finally {
            if (ticket.withdrawn) {
                Thread.interrupted();
            }
            ticket.run = null;
        }
    }

    /** Runs waiting for a slot now. */
    long queued() {
        return bulkhead.stats().waitingQueueSize();
    }

    /** The bulkhead's handle on one run; emptied when done so that Helidon's bookkeeping holds nothing big. */
    private static final class Ticket<T> implements Supplier<T> {
        private volatile Supplier<T> run;
        private volatile boolean withdrawn;

        Ticket(Supplier<T> run) {
            this.run = run;
        }

        @Override
        public T get() {
            return run.get();
        }
    }
}

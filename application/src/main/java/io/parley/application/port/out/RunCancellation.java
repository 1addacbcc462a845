package io.parley.application.port.out;

import java.util.ArrayList;
import java.util.List;

/**
 * Cancels one assistant run: whoever cancels calls {@link #cancel()}; the assistant adapter checks
 * {@link #isCancelled()} between pieces and registers, with {@link #onCancel}, what ends its upstream request.
 */
public final class RunCancellation {
    private final List<Runnable> actions = new ArrayList<>();
    private boolean cancelled;

    /** Cancels; runs every registered action once. Idempotent. */
    public void cancel() {
        List<Runnable> run;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            run = List.copyOf(actions);
            actions.clear();
        }
        run.forEach(Runnable::run);
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code action} on cancellation, at once if already cancelled. */
    public void onCancel(Runnable action) {
        synchronized (this) {
            if (!cancelled) {
                actions.add(action);
                return;
            }
        }
        action.run();
    }
}

package io.parley.bootstrap;

import java.util.logging.LogManager;

/**
 * A JUL log manager that keeps logging during shutdown. The JDK's own shutdown hook resets logging while other
 * hooks still run, which would swallow the drain and disconnect lines of a graceful stop; here the reset waits
 * until {@link #resetNow()} is called at the very end.
 */
public final class ShutdownSafeLogManager extends LogManager {
    private volatile boolean released;

    @Override
    public void reset() {
        if (released || !shuttingDown()) {
            super.reset();
        }
    }

    /** Flushes and closes the handlers now that nothing more will be logged. */
    void resetNow() {
        released = true;
        super.reset();
    }

    private static boolean shuttingDown() {
        try {
            Thread probe = new Thread(() -> { });
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}

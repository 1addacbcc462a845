package io.parley.adapter.out.cluster;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

import io.parley.domain.LogLine;

/**
 * Whether one use of Redis is failing now, so that an outage is logged once when it begins (WARNING) and once
 * when it ends (INFO), however many calls it fails meanwhile.
 */
final class Outage {
    private final AtomicBoolean out = new AtomicBoolean();
    private final Logger log;
    private final ClusterSettings settings;
    private final String lostEvent;
    private final String backEvent;

    Outage(Logger log, ClusterSettings settings, String lostEvent, String backEvent) {
        this.log = log;
        this.settings = settings;
        this.lostEvent = lostEvent;
        this.backEvent = backEvent;
    }

    /** A call failed ({@code cause} may be null: Redis is known to be away); logs if the outage begins now. */
    void failed(Throwable cause) {
        if (out.compareAndSet(false, true)) {
            String reason = cause == null ? "disconnected"
                    : cause.getClass().getSimpleName() + ": " + settings.scrub(cause.getMessage());
            log.log(Level.WARNING, () -> LogLine.event(lostEvent).with("node", settings.node())
                    .with("reason", reason).toString());
        }
    }

    /** A call succeeded; logs if that ends an outage. */
    void succeeded() {
        if (out.get() && out.compareAndSet(true, false)) {
            log.log(Level.INFO, () -> LogLine.event(backEvent).with("node", settings.node()).toString());
        }
    }

    /** Whether the last call failed. */
    boolean isOut() {
        return out.get();
    }
}

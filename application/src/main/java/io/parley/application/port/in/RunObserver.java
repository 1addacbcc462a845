package io.parley.application.port.in;

import io.parley.domain.protocol.AgUiEvent;

/**
 * Receives the AG-UI events of one assistant run, in order, on the run's thread. It must not block: whoever is
 * slow hands the events to its own thread.
 */
@FunctionalInterface
public interface RunObserver {

    void onEvent(String runId, long seq, AgUiEvent event);
}

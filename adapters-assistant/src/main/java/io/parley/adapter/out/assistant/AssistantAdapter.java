package io.parley.adapter.out.assistant;

import io.parley.adapter.common.resilience.CircuitState;
import io.parley.application.port.out.AssistantPort;

/** A configured assistant as bootstrap holds it: the port, what it reports for health, and its shutdown. */
public sealed interface AssistantAdapter extends AssistantPort, AutoCloseable
        permits EchoAssistant, HttpAssistant {

    /** {@code echo}, {@code openai} or {@code agui}. */
    String provider();

    /** The configured model, such as {@code echo-1}. */
    String model();

    /** The circuit breaker's state; always {@link CircuitState#CLOSED} for the echo assistant. */
    CircuitState circuitState();

    /** Releases the HTTP client and its connections. Runs still in flight may fail afterwards. */
    @Override
    void close();
}

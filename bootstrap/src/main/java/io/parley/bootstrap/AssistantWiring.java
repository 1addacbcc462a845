package io.parley.bootstrap;

import java.net.URI;
import java.time.Clock;
import java.util.OptionalDouble;
import java.util.function.Supplier;

import io.parley.adapter.common.resilience.CircuitState;
import io.parley.adapter.out.assistant.AguiSettings;
import io.parley.adapter.out.assistant.AssistantAdapter;
import io.parley.adapter.out.assistant.AssistantSettings;
import io.parley.adapter.out.assistant.Assistants;
import io.parley.adapter.out.assistant.EchoSettings;
import io.parley.adapter.out.assistant.OpenAiSettings;
import io.parley.adapter.out.assistant.ResilienceSettings;
import io.parley.application.port.out.AssistantPort;

/**
 * The assistant a gateway runs with: Parley's own (echo, OpenAI-compatible or an AG-UI agent, from the settings),
 * which it closes at shutdown, or one an embedding application brought, which it leaves to its owner.
 */
final class AssistantWiring implements AutoCloseable {
    private final AssistantPort port;
    private final String provider;
    private final String model;
    private final Supplier<CircuitState> circuit;
    private final AutoCloseable owned;

    private AssistantWiring(AssistantPort port, String provider, String model, Supplier<CircuitState> circuit,
                            AutoCloseable owned) {
        this.port = port;
        this.provider = provider;
        this.model = model;
        this.circuit = circuit;
        this.owned = owned;
    }

    /** Parley's own assistant, as the settings describe it. */
    static AssistantWiring open(ParleySettings.Assistant assistant, Clock clock) {
        AssistantAdapter adapter = Assistants.create(settings(assistant), clock);
        return new AssistantWiring(adapter, adapter.provider(), adapter.model(), adapter::circuitState, adapter);
    }

    /** An application's own assistant; its fault tolerance is its own, so its circuit reads as closed. */
    static AssistantWiring custom(AssistantPort assistant) {
        return new AssistantWiring(assistant, "custom", assistant.getClass().getSimpleName(),
                () -> CircuitState.CLOSED, () -> { });
    }

    static AssistantSettings settings(ParleySettings.Assistant assistant) {
        if (assistant.provider().equals("echo")) {
            return new EchoSettings(assistant.echoDelay());
        }
        URI baseUrl;
        try {
            baseUrl = URI.create(assistant.baseUrl());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parley.assistant.base-url: '" + assistant.baseUrl() + "' is not a URL");
        }
        ResilienceSettings resilience = new ResilienceSettings(assistant.retries(), assistant.retryDelay(),
                assistant.retryBudget(), assistant.breakerFailures(), assistant.breakerOpenFor(),
                assistant.firstTokenTimeout(), assistant.stallTimeout(), assistant.maxConcurrentRuns(),
                assistant.maxQueuedRuns());
        if (assistant.provider().equals("agui")) {
            return new AguiSettings(baseUrl, assistant.apiKey(), assistant.model(), assistant.connectTimeout(),
                    resilience);
        }
        return new OpenAiSettings(baseUrl, assistant.apiKey(), assistant.model(), assistant.systemPrompt(),
                assistant.maxTokens(), assistant.temperature().map(OptionalDouble::of).orElse(OptionalDouble.empty()),
                assistant.connectTimeout(), resilience);
    }

    AssistantPort port() {
        return port;
    }

    String provider() {
        return provider;
    }

    String model() {
        return model;
    }

    CircuitState circuitState() {
        return circuit.get();
    }

    @Override
    public void close() throws Exception {
        owned.close();
    }
}

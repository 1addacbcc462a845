package io.parley.adapter.out.assistant;

import java.net.URI;
import java.time.Duration;

/**
 * Settings of an agent server that speaks AG-UI over HTTP and Server-Sent Events (LangGraph, CrewAI, Mastra,
 * Pydantic AI and others ship such an endpoint).
 *
 * @param endpoint the agent's endpoint URL as it is, such as {@code http://127.0.0.1:8000/agent}: runs are POSTed
 *                 there
 * @param apiKey sent as {@code Authorization: Bearer …}; empty for agents that need none
 * @param model what replies and logs name as the model; {@value #DEFAULT_MODEL} when empty (the agent picks its
 *              model itself)
 * @param connectTimeout how long to wait for the TCP (and TLS) connection
 */
public record AguiSettings(URI endpoint, String apiKey, String model, Duration connectTimeout,
                           ResilienceSettings resilience) implements AssistantSettings {
    /** The model named when none is configured. */
    public static final String DEFAULT_MODEL = "agent";

    public AguiSettings {
        UpstreamChecks.httpUrl(endpoint, true, "the agent's URL", "http://127.0.0.1:8000/agent");
        UpstreamChecks.apiKey(apiKey);
        model = model == null || model.isBlank() ? DEFAULT_MODEL : model.strip();
        UpstreamChecks.connection(connectTimeout, resilience);
    }

    /** An agent with no key, no model name, and the default timeouts and fault tolerance. */
    public static AguiSettings of(URI endpoint) {
        return new AguiSettings(endpoint, "", "", OpenAiSettings.DEFAULT_CONNECT_TIMEOUT,
                ResilienceSettings.defaults());
    }

    /** The same agent with other fault-tolerance settings. */
    public AguiSettings withResilience(ResilienceSettings other) {
        return new AguiSettings(endpoint, apiKey, model, connectTimeout, other);
    }

    @Override
    public String provider() {
        return "agui";
    }

    /** Like the record's, but never shows the API key. */
    @Override
    public String toString() {
        return "AguiSettings[endpoint=" + endpoint + ", apiKey=" + (apiKey.isEmpty() ? "none" : "***")
                + ", model=" + model + ", connectTimeout=" + connectTimeout + ", resilience=" + resilience + "]";
    }
}

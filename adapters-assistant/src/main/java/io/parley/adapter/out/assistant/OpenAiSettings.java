package io.parley.adapter.out.assistant;

import java.net.URI;
import java.time.Duration;
import java.util.OptionalDouble;

/**
 * Settings of an OpenAI-compatible Chat Completions endpoint (OpenAI, Ollama, vLLM, llama.cpp server, LM Studio).
 *
 * @param baseUrl up to and including the API version, such as {@code http://localhost:11434/v1};
 *                requests go to {@code baseUrl + "/chat/completions"}
 * @param apiKey sent as {@code Authorization: Bearer …}; empty for local servers that need none
 * @param model the model name as the provider knows it
 * @param systemPrompt sent first, as a {@code system} message; empty for none
 * @param maxTokens the reply's {@code max_tokens}; 0 leaves it out (the provider's default)
 * @param temperature sent when present; absent leaves it to the provider
 * @param connectTimeout how long to wait for the TCP (and TLS) connection
 */
public record OpenAiSettings(URI baseUrl, String apiKey, String model, String systemPrompt, int maxTokens,
                             OptionalDouble temperature, Duration connectTimeout, ResilienceSettings resilience)
        implements AssistantSettings {
    public static final String DEFAULT_SYSTEM_PROMPT = "You are a helpful assistant taking part in a group chat. "
            + "Answer the latest message briefly and clearly.";
    public static final int DEFAULT_MAX_TOKENS = 1024;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    public OpenAiSettings {
        String url = UpstreamChecks.httpUrl(baseUrl, false, "the base URL", "http://localhost:11434/v1").toString();
        baseUrl = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        UpstreamChecks.apiKey(apiKey);
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("a model name is required");
        }
        if (systemPrompt == null || maxTokens < 0 || temperature == null) {
            throw new IllegalArgumentException("system prompt and temperature must be given, max tokens >= 0");
        }
        if (temperature.isPresent() && !(temperature.getAsDouble() >= 0 && temperature.getAsDouble() <= 2)) {
            throw new IllegalArgumentException("temperature must be between 0 and 2: " + temperature.getAsDouble());
        }
        UpstreamChecks.connection(connectTimeout, resilience);
    }

    /** An endpoint with the default system prompt, token limit, temperature, timeouts and fault tolerance. */
    public static OpenAiSettings of(URI baseUrl, String apiKey, String model) {
        return new OpenAiSettings(baseUrl, apiKey, model, DEFAULT_SYSTEM_PROMPT, DEFAULT_MAX_TOKENS,
                OptionalDouble.empty(), DEFAULT_CONNECT_TIMEOUT, ResilienceSettings.defaults());
    }

    /** The same endpoint with other fault-tolerance settings. */
    public OpenAiSettings withResilience(ResilienceSettings other) {
        return new OpenAiSettings(baseUrl, apiKey, model, systemPrompt, maxTokens, temperature, connectTimeout, other);
    }

    /** Where the requests go. */
    public URI chatCompletions() {
        return URI.create(baseUrl + "/chat/completions");
    }

    @Override
    public String provider() {
        return "openai";
    }

    /** Like the record's, but never shows the API key. */
    @Override
    public String toString() {
        return "OpenAiSettings[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isEmpty() ? "none" : "***")
                + ", model=" + model + ", maxTokens=" + maxTokens + ", temperature=" + temperature
                + ", connectTimeout=" + connectTimeout + ", resilience=" + resilience + "]";
    }
}

package io.parley.bootstrap;

import java.net.URI;
import java.util.OptionalDouble;

import io.parley.adapter.out.llm.Assistants;
import io.parley.adapter.out.llm.EchoSettings;
import io.parley.adapter.out.llm.LlmAssistant;
import io.parley.adapter.out.llm.LlmSettings;
import io.parley.adapter.out.llm.OpenAiSettings;
import io.parley.adapter.out.llm.ResilienceSettings;

/** Turns the assistant's settings into the configured LLM adapter. */
final class AssistantWiring {
    private AssistantWiring() {
    }

    static LlmAssistant assistant(ParleySettings.Llm llm) {
        return Assistants.create(settings(llm));
    }

    static LlmSettings settings(ParleySettings.Llm llm) {
        if (llm.provider().equals("echo")) {
            return new EchoSettings(llm.echoDelay());
        }
        URI baseUrl;
        try {
            baseUrl = URI.create(llm.baseUrl());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parley.llm.base-url: '" + llm.baseUrl() + "' is not a URL");
        }
        return new OpenAiSettings(baseUrl, llm.apiKey(), llm.model(), llm.systemPrompt(), llm.maxTokens(),
                llm.temperature().map(OptionalDouble::of).orElse(OptionalDouble.empty()), llm.connectTimeout(),
                new ResilienceSettings(llm.retries(), llm.retryDelay(), llm.retryBudget(), llm.breakerFailures(),
                        llm.breakerOpenFor(), llm.firstTokenTimeout(), llm.stallTimeout(), llm.maxConcurrentRuns(),
                        llm.maxQueuedRuns()));
    }
}

package io.parley.adapter.out.llm;

import java.time.Clock;

import io.parley.domain.LogLine;

/** Creates the configured assistant; bootstrap calls this once at start-up and closes the result at shutdown. */
public final class Assistants {
    private static final System.Logger LOG = System.getLogger(Assistants.class.getName());

    private Assistants() {
    }

    /** The assistant these settings describe, ready to answer. */
    public static LlmAssistant create(LlmSettings settings) {
        LlmAssistant assistant = switch (settings) {
            case EchoSettings echo -> new EchoAssistant(echo);
            case OpenAiSettings openAi -> new OpenAiAssistant(openAi, Clock.systemUTC());
        };
        Object endpoint = settings instanceof OpenAiSettings openAi ? openAi.chatCompletions() : "local";
        boolean keyed = settings instanceof OpenAiSettings openAi && !openAi.apiKey().isEmpty();
        LOG.log(System.Logger.Level.INFO, LogLine.event("assistant_ready")
                .with("provider", assistant.provider())
                .with("model", assistant.model())
                .with("endpoint", endpoint)
                .with("api_key", keyed ? "set" : "none").toString());
        return assistant;
    }
}

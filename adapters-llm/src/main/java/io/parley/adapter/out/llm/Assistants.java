package io.parley.adapter.out.llm;

import java.time.Clock;

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
        LOG.log(System.Logger.Level.INFO, Logfmt.line("event", "assistant_ready", "provider", assistant.provider(),
                "model", assistant.model(), "endpoint", settings instanceof OpenAiSettings o ? o.chatCompletions() : "local",
                "api_key", settings instanceof OpenAiSettings o && !o.apiKey().isEmpty() ? "set" : "none"));
        return assistant;
    }
}

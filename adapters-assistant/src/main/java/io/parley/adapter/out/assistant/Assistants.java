package io.parley.adapter.out.assistant;

import java.time.Clock;

import io.parley.domain.LogLine;

/** Creates the configured assistant; bootstrap calls this once at start-up and closes the result at shutdown. */
public final class Assistants {
    private static final System.Logger LOG = System.getLogger(Assistants.class.getName());

    private Assistants() {
    }

    /** The assistant these settings describe, on the system clock. */
    public static AssistantAdapter create(AssistantSettings settings) {
        return create(settings, Clock.systemUTC());
    }

    /** The assistant these settings describe, ready to answer; {@code clock} dates what it reports. */
    public static AssistantAdapter create(AssistantSettings settings, Clock clock) {
        AssistantAdapter assistant = switch (settings) {
            case EchoSettings echo -> new EchoAssistant(echo);
            case OpenAiSettings openAi -> new OpenAiAssistant(openAi, clock);
            case AguiSettings agui -> new AguiAssistant(agui, clock);
        };
        Object endpoint = switch (settings) {
            case EchoSettings echo -> "local";
            case OpenAiSettings openAi -> openAi.chatCompletions();
            case AguiSettings agui -> agui.endpoint();
        };
        boolean keyed = settings instanceof OpenAiSettings openAi && !openAi.apiKey().isEmpty()
                || settings instanceof AguiSettings agui && !agui.apiKey().isEmpty();
        LOG.log(System.Logger.Level.INFO, LogLine.event("assistant_ready")
                .with("provider", assistant.provider())
                .with("model", assistant.model())
                .with("endpoint", endpoint)
                .with("api_key", keyed ? "set" : "none").toString());
        return assistant;
    }
}

package io.parley.adapter.out.assistant;

import java.time.Clock;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.common.media.type.MediaTypes;

import io.parley.application.port.out.AssistantPort;
import io.parley.application.port.out.AssistantPrompt;
import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.RunCancellation;

/**
 * The assistant behind an OpenAI-compatible Chat Completions endpoint: each run POSTs the {@link ChatRequest} to
 * {@code <base URL>/chat/completions} and reads the answer as a {@link ChatStream}, through the fault-tolerance
 * chain of every {@link HttpAssistant}.
 */
final class OpenAiAssistant extends HttpAssistant {
    private static final System.Logger LOG = System.getLogger(OpenAiAssistant.class.getName());

    private final OpenAiSettings settings;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final Chunks chunks = new Chunks(json);

    OpenAiAssistant(OpenAiSettings settings, Clock clock) {
        super(settings.provider(), settings.model(), settings.connectTimeout(), settings.resilience(), clock, LOG);
        this.settings = settings;
    }

    @Override
    public AssistantReply reply(AssistantPrompt prompt, AssistantPort.Stream deltas, RunCancellation cancellation) {
        RunProgress progress = new RunProgress(System.nanoTime(), settings.model(), prompt.runId().value());
        byte[] body = ChatRequest.body(settings, prompt, json);
        return run(prompt, progress, new ChatStream(progress, deltas), exchanges(settings.chatCompletions(),
                settings.apiKey(), prompt.runId(), body, chunks, MediaTypes.TEXT_EVENT_STREAM,
                MediaTypes.APPLICATION_JSON), cancellation);
    }
}

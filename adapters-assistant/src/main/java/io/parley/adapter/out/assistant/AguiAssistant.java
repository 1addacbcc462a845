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
 * The assistant behind an agent server that speaks AG-UI: each run POSTs the {@link AguiRequest RunAgentInput} to
 * the agent's endpoint as it is and reads its event stream as an {@link AguiStream}, through the same
 * fault-tolerance chain as the OpenAI-compatible assistant (both are {@link HttpAssistant}s).
 */
final class AguiAssistant extends HttpAssistant {
    private static final System.Logger LOG = System.getLogger(AguiAssistant.class.getName());

    private final AguiSettings settings;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final AguiBody body = new AguiBody(json);

    AguiAssistant(AguiSettings settings, Clock clock) {
        super(settings.provider(), settings.model(), settings.connectTimeout(), settings.resilience(), clock, LOG);
        this.settings = settings;
    }

    @Override
    public AssistantReply reply(AssistantPrompt prompt, AssistantPort.Stream deltas, RunCancellation cancellation) {
        String runId = prompt.runId().value();
        RunProgress progress = new RunProgress(System.nanoTime(), settings.model(), runId);
        byte[] input = AguiRequest.body(prompt, json);
        return run(prompt, progress, new AguiStream(progress, deltas, json, runId), exchanges(settings.endpoint(),
                settings.apiKey(), prompt.runId(), input, body, MediaTypes.TEXT_EVENT_STREAM), cancellation);
    }
}

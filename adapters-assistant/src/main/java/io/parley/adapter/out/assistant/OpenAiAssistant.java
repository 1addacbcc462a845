package io.parley.adapter.out.assistant;

import java.time.Clock;
import java.time.Duration;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.WebClient;
import io.parley.adapter.common.resilience.CircuitState;
import io.parley.application.port.out.AssistantPort;
import io.parley.application.port.out.AssistantPrompt;
import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.RunCancellation;
import io.parley.domain.LogLine;
import io.parley.domain.run.RunId;

/**
 * The assistant behind an OpenAI-compatible Chat Completions endpoint, streamed over the one Helidon WebClient
 * it creates and closes; each run goes through the {@link GuardedRuns fault-tolerance chain}.
 */
final class OpenAiAssistant implements AssistantAdapter {
    private static final System.Logger LOG = System.getLogger(OpenAiAssistant.class.getName());
    private static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");

    private final OpenAiSettings settings;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final Chunks chunks = new Chunks(json);
    private final WebClient client;
    private final GuardedRuns guard;
    private volatile boolean closed;

    OpenAiAssistant(OpenAiSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        ResilienceSettings resilience = settings.resilience();
        Duration slowest = resilience.firstTokenTimeout().compareTo(resilience.stallTimeout()) > 0
                ? resilience.firstTokenTimeout() : resilience.stallTimeout();
        this.client = WebClient.builder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(slowest.plusSeconds(30))
                .shareConnectionCache(false)
                .sendExpectContinue(false)
                .build();
        this.guard = new GuardedRuns("llm", resilience);
    }

    @Override
    public AssistantReply reply(AssistantPrompt prompt, AssistantPort.Stream deltas, RunCancellation cancellation) {
        RunProgress progress = new RunProgress(System.nanoTime(), settings.model(), prompt.runId().value());
        RunControl control = new RunControl();
        cancellation.onCancel(control::cancel);
        byte[] body = ChatRequest.body(settings, prompt, json);
        Attempt attempt = new Attempt(() -> exchange(prompt.runId(), body), settings.resilience(), control,
                progress, deltas);
        AssistantReply reply;
        try {
            reply = cancellation.isCancelled() ? new AssistantReply.Cancelled("")
                    : closed ? new AssistantReply.Failed(AssistantReply.Failure.UNAVAILABLE,
                    "the assistant is shut down", "", Duration.ZERO)
                    : guard.run(prompt.runId().value(), attempt, control, progress, cancellation);
        } catch (DeltaConsumerFailed e) {
            LOG.log(System.Logger.Level.ERROR, LogLine.event("assistant_run")
                .with("run", prompt.runId())
                .with("outcome", "consumer_failed").toString(), e.getCause());
            throw e.getCause();
        }
        RunLog.ended(LOG, prompt, provider(), reply, progress);
        return reply;
    }

    private UpstreamExchange exchange(RunId runId, byte[] body) {
        HttpClientRequest request = client.post(settings.chatCompletions().toString())
                .contentType(MediaTypes.APPLICATION_JSON)
                .accept(MediaTypes.TEXT_EVENT_STREAM, MediaTypes.APPLICATION_JSON);
        if (!settings.apiKey().isEmpty()) {
            request.header(HeaderNames.AUTHORIZATION, "Bearer " + settings.apiKey());
        }
        request.header(REQUEST_ID, runId.value());
        return new UpstreamExchange(request, body, chunks, clock, "assistant-run");
    }

    /** Runs waiting in the bulkhead's queue now. */
    long queuedRuns() {
        return guard.queued();
    }

    @Override
    public String provider() {
        return settings.provider();
    }

    @Override
    public String model() {
        return settings.model();
    }

    @Override
    public CircuitState circuitState() {
        return guard.state();
    }

    @Override
    public void close() {
        closed = true;
        guard.close();
        client.closeResource();
        LOG.log(System.Logger.Level.INFO, LogLine.event("assistant_closed")
                .with("provider", provider()).toString());
    }
}

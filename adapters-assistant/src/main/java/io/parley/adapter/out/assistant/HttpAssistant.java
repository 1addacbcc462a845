package io.parley.adapter.out.assistant;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import io.helidon.common.media.type.MediaType;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.WebClient;

import io.parley.adapter.common.resilience.CircuitState;
import io.parley.application.port.out.AssistantPrompt;
import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.RunCancellation;
import io.parley.domain.LogLine;
import io.parley.domain.run.RunId;

/**
 * What Parley's HTTP assistants share: the one Helidon WebClient (created here, closed at shutdown), the
 * {@link GuardedRuns fault-tolerance chain}, the request's common headers, and a run's course from the prompt to
 * its one {@code assistant_run} log line. Each assistant brings its request body and its {@link StreamProtocol}.
 */
abstract sealed class HttpAssistant implements AssistantAdapter permits OpenAiAssistant, AguiAssistant {
    private static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");

    private final String provider;
    private final String model;
    private final ResilienceSettings resilience;
    private final Clock clock;
    private final System.Logger log;
    private final WebClient client;
    private final GuardedRuns guard;
    private volatile boolean closed;

    /** Runs of {@code provider} and {@code model}; {@code log} gets the runs' lines. */
    HttpAssistant(String provider, String model, Duration connectTimeout, ResilienceSettings resilience, Clock clock,
                  System.Logger log) {
        this.provider = provider;
        this.model = model;
        this.resilience = resilience;
        this.clock = clock;
        this.log = log;
        Duration slowest = resilience.firstTokenTimeout().compareTo(resilience.stallTimeout()) > 0
                ? resilience.firstTokenTimeout() : resilience.stallTimeout();
        this.client = WebClient.builder()
                .connectTimeout(connectTimeout)
                .readTimeout(slowest.plusSeconds(30))
                .shareConnectionCache(false)
                .sendExpectContinue(false)
                .build();
        this.guard = new GuardedRuns("llm", resilience);
    }

    /**
     * Each attempt's exchange: {@code body} POSTed as JSON to {@code url}, asking for {@code accepted}, with the key
     * as a bearer token when there is one and the run's id as {@code X-Request-Id}; the answer read by {@code reader}.
     */
    final Supplier<UpstreamExchange> exchanges(URI url, String apiKey, RunId runId, byte[] body, StreamBody reader,
                                               MediaType... accepted) {
        return () -> {
            HttpClientRequest request = client.post(url.toString())
                    .contentType(MediaTypes.APPLICATION_JSON)
                    .accept(accepted);
            if (!apiKey.isEmpty()) {
                request.header(HeaderNames.AUTHORIZATION, "Bearer " + apiKey);
            }
            request.header(REQUEST_ID, runId.value());
            return new UpstreamExchange(request, body, reader, clock, "assistant-run");
        };
    }

    /**
     * Runs one prompt through the chain, each attempt reading its answer with {@code protocol}, and logs how it
     * ended. A caller's stream that throws is rethrown as it threw.
     */
    final AssistantReply run(AssistantPrompt prompt, RunProgress progress, StreamProtocol protocol,
                             Supplier<UpstreamExchange> exchanges, RunCancellation cancellation) {
        RunControl control = new RunControl();
        cancellation.onCancel(control::cancel);
        Attempt attempt = new Attempt(exchanges, resilience, control, progress, protocol);
        AssistantReply reply;
        try {
            reply = cancellation.isCancelled() ? new AssistantReply.Cancelled("")
                    : closed ? new AssistantReply.Failed(AssistantReply.Failure.UNAVAILABLE,
                    "the assistant is shut down", "", Duration.ZERO)
                    : guard.run(prompt.runId().value(), attempt, control, progress, cancellation);
        } catch (DeltaConsumerFailed e) {
            log.log(System.Logger.Level.ERROR, LogLine.event("assistant_run")
                    .with("run", prompt.runId())
                    .with("outcome", "consumer_failed").toString(), e.getCause());
            throw e.getCause();
        }
        RunLog.ended(log, prompt, provider, reply, progress);
        return reply;
    }

    @Override
    public final String provider() {
        return provider;
    }

    @Override
    public final String model() {
        return model;
    }

    @Override
    public final CircuitState circuitState() {
        return guard.state();
    }

    /** Runs waiting in the bulkhead's queue now. */
    final long queuedRuns() {
        return guard.queued();
    }

    @Override
    public final void close() {
        closed = true;
        guard.close();
        client.closeResource();
        log.log(System.Logger.Level.INFO, LogLine.event("assistant_closed")
                .with("provider", provider).toString());
    }
}

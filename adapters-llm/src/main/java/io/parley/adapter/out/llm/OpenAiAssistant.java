package io.parley.adapter.out.llm;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.faulttolerance.BulkheadException;
import io.helidon.faulttolerance.CircuitBreakerOpenException;
import io.helidon.faulttolerance.Retry;
import io.helidon.faulttolerance.RetryTimeoutException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.WebClient;
import io.parley.application.port.out.AssistantPrompt;
import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.AssistantReply.Failure;
import io.parley.application.port.out.RunCancellation;

/**
 * The assistant behind an OpenAI-compatible Chat Completions endpoint, streamed over one shared Helidon WebClient.
 * Each run passes the bulkhead, then the circuit breaker, then the retry, then one {@link Attempt} per try.
 */
final class OpenAiAssistant implements LlmAssistant {
    private static final System.Logger LOG = System.getLogger(OpenAiAssistant.class.getName());
    private static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");

    private final OpenAiSettings settings;
    private final ResilienceSettings resilience;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final Chunks chunks = new Chunks(json);
    private final WebClient client;
    private final WatchedBreaker breaker;
    private final Admission admission;

    OpenAiAssistant(OpenAiSettings settings, Clock clock) {
        this.settings = settings;
        this.resilience = settings.resilience();
        this.clock = clock;
        Duration slowest = resilience.firstTokenTimeout().compareTo(resilience.stallTimeout()) > 0
                ? resilience.firstTokenTimeout() : resilience.stallTimeout();
        this.client = WebClient.builder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(slowest.plusSeconds(30))
                .shareConnectionCache(false)
                .sendExpectContinue(false)
                .build();
        this.breaker = new WatchedBreaker("llm", resilience);
        this.admission = new Admission("llm", resilience);
    }

    @Override
    public AssistantReply reply(AssistantPrompt prompt, Consumer<String> deltas, RunCancellation cancellation) {
        RunProgress progress = new RunProgress(System.nanoTime(), settings.model());
        RunControl control = new RunControl();
        cancellation.onCancel(control::cancel);
        byte[] body = ChatRequest.body(settings, prompt, json);
        Attempt attempt = new Attempt(() -> exchange(prompt.runId(), body), resilience, control, progress, deltas);
        AssistantReply reply;
        try {
            reply = cancellation.isCancelled() ? new AssistantReply.Cancelled("")
                    : guarded(attempt, control, progress, cancellation);
        } catch (DeltaConsumerFailed e) {
            LOG.log(System.Logger.Level.ERROR, Logfmt.line("event", "assistant_run", "run", prompt.runId(),
                    "outcome", "consumer_failed"), e.getCause());
            throw e.getCause();
        }
        RunLog.ended(LOG, prompt, provider(), reply, progress);
        return reply;
    }

    private AssistantReply guarded(Attempt attempt, RunControl control, RunProgress progress,
                                   RunCancellation cancellation) {
        try {
            AssistantReply reply = admission.admit(() -> breaker.call(() -> retry(control).invoke(attempt::run)),
                    cancellation);
            return reply != null ? reply : new AssistantReply.Cancelled("");
        } catch (AttemptFailure failure) {
            return failed(failure, control, progress);
        } catch (RetryTimeoutException timeout) {
            return timeout.getCause() instanceof AttemptFailure failure ? failed(failure, control, progress)
                    : new AssistantReply.Failed(Failure.UNAVAILABLE, "the assistant provider kept failing", "",
                    Duration.ZERO);
        } catch (CircuitBreakerOpenException open) {
            return new AssistantReply.Failed(Failure.UNAVAILABLE, "the assistant is paused after repeated provider "
                    + "failures; try again later", "", breaker.untilTrial());
        } catch (BulkheadException full) {
            return control.isCancelled() ? new AssistantReply.Cancelled("")
                    : new AssistantReply.Failed(Failure.UNAVAILABLE, "too many assistant replies in progress; "
                    + "try again shortly", "", Duration.ZERO);
        }
    }

    /** The failure as the port reports it; a run cancelled meanwhile is reported cancelled. */
    private static AssistantReply failed(AttemptFailure failure, RunControl control, RunProgress progress) {
        AssistantReply.Failed reply = failure.reply();
        if (control.isCancelled()) {
            return new AssistantReply.Cancelled(reply.partialText());
        }
        return progress.attempts() < 2 ? reply : new AssistantReply.Failed(reply.failure(),
                reply.message() + " (after " + progress.attempts() + " attempts)", reply.partialText(),
                reply.retryAfter());
    }

    private Retry retry(RunControl control) {
        return Retry.builder()
                .name("llm")
                .retryPolicy(new Backoff(resilience, control))
                .overallTimeout(resilience.retryBudget())
                .addApplyOn(AttemptFailure.Transient.class)
                .build();
    }

    private UpstreamExchange exchange(String runId, byte[] body) {
        HttpClientRequest request = client.post(settings.chatCompletions().toString())
                .contentType(MediaTypes.APPLICATION_JSON)
                .accept(MediaTypes.TEXT_EVENT_STREAM, MediaTypes.APPLICATION_JSON);
        if (!settings.apiKey().isEmpty()) {
            request.header(HeaderNames.AUTHORIZATION, "Bearer " + settings.apiKey());
        }
        if (runId.matches("[A-Za-z0-9._:-]{1,128}")) {
            request.header(REQUEST_ID, runId);
        }
        return new UpstreamExchange(request, body, chunks, clock, "llm-run");
    }

    /** Runs waiting in the bulkhead's queue now. */
    long queuedRuns() {
        return admission.queued();
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
        return breaker.state();
    }

    @Override
    public void close() {
        client.closeResource();
        LOG.log(System.Logger.Level.INFO, Logfmt.line("event", "assistant_closed", "provider", provider()));
    }
}

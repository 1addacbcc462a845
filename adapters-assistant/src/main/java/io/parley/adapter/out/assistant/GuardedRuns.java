package io.parley.adapter.out.assistant;

import java.time.Duration;

import io.helidon.faulttolerance.BulkheadException;
import io.helidon.faulttolerance.CircuitBreakerOpenException;
import io.helidon.faulttolerance.Retry;
import io.helidon.faulttolerance.RetryTimeoutException;

import io.parley.adapter.common.resilience.CircuitState;
import io.parley.adapter.common.resilience.WatchedBreaker;
import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.AssistantReply.Failure;
import io.parley.application.port.out.RunCancellation;

/**
 * The fault-tolerance chain every run of an HTTP upstream (OpenAI-compatible or an AG-UI agent) passes, all
 * Helidon's: the bulkhead, then the circuit breaker, then the retry around each {@link Attempt}; and what comes out
 * of it turned back into a reply. A half-open breaker's trial run is a single request (no retries), so that one
 * call decides.
 */
final class GuardedRuns {
    private static final System.Logger LOG = System.getLogger(GuardedRuns.class.getName());

    private final ResilienceSettings settings;
    private final RunSlots slots;
    private final WatchedBreaker breaker;

    GuardedRuns(String name, ResilienceSettings settings) {
        this.settings = settings;
        this.slots = new RunSlots(name, settings);
        this.breaker = new WatchedBreaker(name, LOG, settings.breakerFailures(), settings.breakerOpenFor(),
                conditions -> conditions.addSkipOn(AttemptFailure.Refused.class)
                        .addSkipOn(DeltaConsumerFailed.class));
    }

    AssistantReply run(String runId, Attempt attempt, RunControl control, RunProgress progress,
                       RunCancellation cancellation) {
        try {
            AssistantReply reply = slots.admit(() -> breaker.call(() -> retry(runId, control)
                    .invoke(attempt::run)), cancellation);
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

    CircuitState state() {
        return breaker.state();
    }

    long queued() {
        return slots.queued();
    }

    void close() {
        breaker.close();
    }

    private Retry retry(String runId, RunControl control) {
        int retries = breaker.state() == CircuitState.HALF_OPEN ? 0 : settings.retries();
        return Retry.builder()
                .name("llm")
                .retryPolicy(new Backoff(runId, retries, settings, control))
                .overallTimeout(settings.retryBudget())
                .addApplyOn(AttemptFailure.Transient.class)
                .build();
    }

    /**
     * The failure as the port reports it; a run cancelled meanwhile is reported cancelled, unless the cancel came
     * from telling the caller that the upstream broke its protocol.
     */
    private static AssistantReply failed(AttemptFailure failure, RunControl control, RunProgress progress) {
        AssistantReply.Failed reply = failure.reply();
        if (control.isCancelled() && !(failure instanceof AttemptFailure.Violated)) {
            return new AssistantReply.Cancelled(reply.partialText());
        }
        return progress.attempts() < 2 ? reply : new AssistantReply.Failed(reply.failure(),
                reply.message() + " (after " + progress.attempts() + " attempts)", reply.partialText(),
                reply.retryAfter());
    }
}

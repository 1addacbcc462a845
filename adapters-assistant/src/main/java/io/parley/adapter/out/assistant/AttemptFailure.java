package io.parley.adapter.out.assistant;

import java.time.Duration;

import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.AssistantReply.Failure;

/**
 * How an attempt failed, thrown only inside the fault-tolerance chain because Helidon's retry and circuit breaker
 * decide by exception type; the port turns it back into a {@link AssistantReply.Failed} value.
 */
abstract sealed class AttemptFailure extends RuntimeException
        permits AttemptFailure.Transient, AttemptFailure.Broken, AttemptFailure.Violated, AttemptFailure.Refused {
    private final transient AssistantReply.Failed reply;

    private AttemptFailure(Failure failure, String message, String partialText, Duration retryAfter) {
        super(message, null, false, false);
        this.reply = new AssistantReply.Failed(failure, message, partialText, retryAfter);
    }

    AssistantReply.Failed reply() {
        return reply;
    }

    /** Worth another attempt, and a mark against the provider: no connection, 429 or 5xx, before any text. */
    static final class Transient extends AttemptFailure {
        Transient(String message, Duration retryAfter) {
            super(Failure.UNAVAILABLE, message, "", retryAfter);
        }
    }

    /** Not worth another attempt, but a mark against the provider: a timeout, a broken stream, an in-stream error. */
    static final class Broken extends AttemptFailure {
        Broken(Failure failure, String message, String partialText) {
            super(failure, message, partialText, Duration.ZERO);
        }
    }

    /**
     * The upstream broke its protocol's rules. Not worth another attempt, a mark against the provider, and reported
     * failed even though telling the caller so cancelled the run.
     */
    static final class Violated extends AttemptFailure {
        Violated(String message, String partialText) {
            super(Failure.UPSTREAM_ERROR, message, partialText, Duration.ZERO);
        }
    }

    /**
     * Neither retried nor held against the provider's health: it refused this request (4xx other than 429) or
     * answered without text, which a wrong model name or key explains better than an outage.
     */
    static final class Refused extends AttemptFailure {
        Refused(String message, String partialText) {
            super(Failure.UPSTREAM_ERROR, message, partialText, Duration.ZERO);
        }
    }
}

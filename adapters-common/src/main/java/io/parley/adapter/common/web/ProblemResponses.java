package io.parley.adapter.common.web;

import java.time.Duration;

import com.fasterxml.jackson.core.JsonFactory;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import io.parley.adapter.common.json.Problem;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.Refusal;

/** Sends problem details as HTTP answers. */
public final class ProblemResponses {
    private final JsonFactory json;

    public ProblemResponses(JsonFactory json) {
        this.json = json;
    }

    /** Answers with {@code problem}: its status, {@code application/problem+json}, the document. */
    public void send(ServerResponse response, Problem problem) {
        response.status(Status.create(problem.status()));
        response.header(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.send(problem.toJson(json));
    }

    /**
     * Answers with {@code problem} and when to try again: the {@code Retry-After} header, and
     * {@code retry_after_seconds} in the document.
     */
    public void sendRetryLater(ServerResponse response, Problem problem, Duration wait) {
        long seconds = retrySeconds(wait);
        response.header(HeaderNames.RETRY_AFTER, String.valueOf(seconds));
        send(response, problem.with("retry_after_seconds", seconds));
    }

    /**
     * {@code wait} in whole seconds for {@code Retry-After}: rounded up, since a client told less would come back
     * too early, and at least 1.
     */
    public static long retrySeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    /**
     * Answers with a use case's refusal: the status its code stands for, its reason as the problem's {@code code},
     * {@code Retry-After} when it says when to try again, {@code WWW-Authenticate} for a 401.
     */
    public void send(ServerResponse response, Refusal refusal) {
        int status = statusOf(refusal.code());
        Problem problem = problem(status, refusal.message(), refusal.reason());
        if (status == 401) {
            response.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        if (refusal.retryAfter().isZero()) {
            send(response, problem);
        } else {
            sendRetryLater(response, problem, refusal.retryAfter());
        }
    }

    /** The HTTP status a protocol error code stands for. */
    public static int statusOf(ErrorCode code) {
        return switch (code) {
            case BAD_REQUEST, UNKNOWN_TYPE -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT, NOT_JOINED -> 409;
            case TOO_LARGE -> 413;
            case RATE_LIMITED, LIMIT_EXCEEDED -> 429;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
        };
    }

    /** A problem whose title is the status's reason phrase. */
    public static Problem problem(int status, String detail, String code) {
        return Problem.of(status, Status.create(status).reasonPhrase(), detail, code);
    }
}

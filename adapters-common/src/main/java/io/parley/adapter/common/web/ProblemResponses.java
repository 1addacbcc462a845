package io.parley.adapter.common.web;

import java.time.Duration;

import com.fasterxml.jackson.core.JsonFactory;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import io.parley.adapter.common.json.Problem;

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

    /** A problem whose title is the status's reason phrase. */
    public static Problem problem(int status, String detail, String code) {
        return Problem.of(status, Status.create(status).reasonPhrase(), detail, code);
    }
}

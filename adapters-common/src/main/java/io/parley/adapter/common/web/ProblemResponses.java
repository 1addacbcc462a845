package io.parley.adapter.common.web;

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

    /** A problem whose title is the status's reason phrase. */
    public static Problem problem(int status, String detail, String code) {
        return Problem.of(status, Status.create(status).reasonPhrase(), detail, code);
    }
}

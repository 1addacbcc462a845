package io.parley.adapter.in.http;

import io.helidon.http.HttpException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;

import io.parley.adapter.common.json.Problem;
import io.parley.adapter.common.web.ProblemResponses;

/**
 * Helidon's own HTTP failures as problem details with their own status: no route (404), a method a route does not
 * take (405), a request Helidon could not read (400), a body over the size bound (413). None of them is logged: a
 * client's mistake is not the server's failure.
 */
final class HttpFailures {
    private HttpFailures() {
    }

    static Problem problem(ServerRequest request, HttpException e) {
        int status = e.status().code();
        String detail = switch (status) {
            case 404 -> "no such resource: " + request.prologue().method().text() + " " + request.path().path();
            case 405 -> request.prologue().method().text() + " is not allowed on " + request.path().path();
            case 413 -> "the request body is too large";
            default -> e.getMessage();
        };
        return ProblemResponses.problem(status, detail, code(status));
    }

    /** A handler answering 405 for a path whose routes take only {@code allowed} methods. */
    static Handler methodNotAllowed(ProblemResponses problems, String allowed) {
        return (request, response) -> {
            response.header("Allow", allowed);
            problems.send(response, ProblemResponses.problem(405, request.prologue().method().text()
                    + " is not allowed on " + request.path().path() + "; use " + allowed, "method_not_allowed"));
        };
    }

    private static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "too_large";
            default -> "http_" + status;
        };
    }
}

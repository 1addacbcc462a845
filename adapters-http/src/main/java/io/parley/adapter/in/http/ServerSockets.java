package io.parley.adapter.in.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.http1.Http1ConnectionSelectorConfig;
import io.helidon.webserver.http1.spi.Http1Upgrader;

import io.parley.adapter.common.json.Json;
import io.parley.adapter.common.json.Problem;
import io.parley.adapter.common.web.ProblemResponses;

/**
 * How the server takes connections, before any route sees a request: at most {@code maxSockets} open sockets (past
 * that, new ones wait in the accept backlog), the header-read timeout ({@link HeaderDeadlines}), Nagle off, the
 * given upgraders (WebSocket) on HTTP/1, and problem+json for what Helidon answers itself (a request it cannot
 * read, a body over the bound). Close it after the server stopped.
 */
public final class ServerSockets implements AutoCloseable {
    private final HeaderDeadlines deadlines;

    private ServerSockets(HeaderDeadlines deadlines) {
        this.deadlines = deadlines;
    }

    /**
     * Configures {@code server}: its only connection selector is HTTP/1 behind the header deadline.
     *
     * @param headerTimeout how long a connection may take to send a request's head
     * @param maxSockets    the most sockets open at once
     */
    public static ServerSockets configure(WebServerConfig.Builder server, Duration headerTimeout, int maxSockets,
                                          Json json, List<Http1Upgrader> upgraders) {
        Problem timedOut = ProblemResponses.problem(408, "the request's head did not arrive within "
                + headerTimeout.toMillis() + " ms", "header_timeout");
        String body = timedOut.toJson(json.factory());
        HeaderDeadlines deadlines = new HeaderDeadlines(headerTimeout, "HTTP/1.1 408 Request Timeout\r\n"
                + "Content-Type: " + Problem.MEDIA_TYPE + "\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body);
        Http1ConnectionSelectorConfig.Builder http1 = Http1ConnectionSelector.builder()
                .config(Http1Config.builder().addReceiveListener(deadlines.listener()).build());
        upgraders.forEach(http1::addUpgrader);
        // no discovered protocols: Helidon would add an HTTP/1 selector of its own, and with two selectors it reads
        // a connection's first bytes before choosing, which a silent client never sends
        server.protocolsDiscoverServices(false)
                .connectionSelectors(List.of(deadlines.guard(http1.build())))
                .maxTcpConnections(maxSockets)
                // Helidon's NIO socket holds two 8 KiB buffers per connection for its whole life, its stream socket
                // one: a held connection costs 8 KiB less, and its writes go to the socket without a staging copy
                .useNio(false)
                .connectionOptions(options -> options.tcpNoDelay(true))
                .directHandlers(problemsForEvery(json));
        return new ServerSockets(deadlines);
    }

    @Override
    public void close() {
        deadlines.close();
    }

    private static DirectHandlers problemsForEvery(Json json) {
        DirectHandler handler = (request, eventType, status, headers, message) -> {
            Problem problem = ProblemResponses.problem(status.code(), status == Status.REQUEST_ENTITY_TOO_LARGE_413
                    ? "the request body is too large" : message, status.code() == 413 ? "too_large"
                    : status.code() >= 500 ? "internal" : "bad_request");
            headers.set(HeaderValues.create(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE));
            return DirectHandler.TransportResponse.builder().status(status).headers(headers)
                    .entity(problem.toJson(json.factory()).getBytes(StandardCharsets.UTF_8))
                    .keepAlive(eventType.keepAlive())
                    .build();
        };
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }
}

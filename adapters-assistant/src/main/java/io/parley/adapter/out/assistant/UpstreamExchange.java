package io.parley.adapter.out.assistant;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;

/**
 * One HTTP exchange with the provider. A virtual reader thread sends the request and turns the answer into
 * {@link StreamEvent}s (a 2xx body as its {@link StreamBody protocol} reads it); the run's thread takes them with a
 * deadline. {@link #abort()} ends the exchange from any thread at once: it closes the response (and so the
 * connection), or interrupts a reader still waiting for one.
 */
final class UpstreamExchange {
    private static final HeaderName RETRY_AFTER_MS = HeaderNames.create("retry-after-ms");
    private static final int MAX_ERROR_BYTES = 16 * 1024;
    private static final ObjectMapper ERROR_JSON = new ObjectMapper();

    private final BlockingQueue<StreamEvent> events = new LinkedBlockingQueue<>();
    private final StreamBody body;
    private final Clock clock;
    private final Thread reader;
    private HttpClientResponse response;
    private boolean aborted;

    UpstreamExchange(HttpClientRequest request, byte[] content, StreamBody body, Clock clock, String name) {
        this.body = body;
        this.clock = clock;
        this.reader = Thread.ofVirtual().name(name).unstarted(() -> read(request, content));
    }

    UpstreamExchange start() {
        reader.start();
        return this;
    }

    /** The next event, or null if none came within {@code timeoutNanos}. */
    StreamEvent next(long timeoutNanos) throws InterruptedException {
        return events.poll(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
    }

    /** Wakes the run's thread with {@link StreamEvent.Cancelled} and ends the exchange. */
    void cancel() {
        events.offer(new StreamEvent.Cancelled());
        abort();
    }

    /** Ends the exchange; idempotent. */
    void abort() {
        HttpClientResponse open;
        synchronized (this) {
            if (aborted) {
                return;
            }
            aborted = true;
            open = response;
        }
        if (open != null) {
            open.close();
        }
        reader.interrupt();
    }

    private synchronized boolean adopt(HttpClientResponse answer) {
        response = answer;
        return !aborted;
    }

    private void read(HttpClientRequest request, byte[] content) {
        HttpClientResponse answer;
        try {
            answer = request.submit(content);
        } catch (RuntimeException e) {
            events.offer(new StreamEvent.Unreachable(Failures.describe(e)));
            return;
        }
        try (answer) {
            if (adopt(answer)) {
                relay(answer);
            }
        } catch (IOException | RuntimeException e) {
            events.offer(new StreamEvent.Broke(Failures.describe(e)));
        }
    }

    private void relay(HttpClientResponse answer) throws IOException {
        int status = answer.status().code();
        if (status < 200 || status > 299) {
            String message = ErrorBodies.message(errorBody(answer), ERROR_JSON)
                    .orElse(answer.status().reasonPhrase());
            events.offer(new StreamEvent.HttpError(status, message, RetryAfter.of(
                    answer.headers().first(RETRY_AFTER_MS), answer.headers().first(HeaderNames.RETRY_AFTER),
                    clock.instant())));
            return;
        }
        body.read(answer, events::offer);
    }

    private static String errorBody(HttpClientResponse answer) {
        try {
            return new String(answer.inputStream().readNBytes(MAX_ERROR_BYTES), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}

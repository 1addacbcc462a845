package io.parley.bootstrap;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A real WebSocket client for tests ({@code java.net.http.WebSocket}): collects every text frame, answers
 * server pings (the JDK does) and can stop reading to play a slow consumer.
 */
public final class WsTestClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(10);

    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final AtomicBoolean paused = new AtomicBoolean();
    private volatile WebSocket socket;
    private boolean skipPings = true;
    private boolean skipPresence = true;

    /** How a connection ended: a close frame's code and reason, or 1006 when it ended without one. */
    public record Closed(int code, String reason) {
    }

    private WsTestClient() {
    }

    /** Connects to {@code /ws?query} on 127.0.0.1 and waits for the {@code welcome} frame. */
    public static WsTestClient connect(int port, String query) {
        return connect(port, query, Map.of());
    }

    public static WsTestClient connect(int port, String query, Map<String, String> headers) {
        WsTestClient client = new WsTestClient();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        try {
            client.socket = builder.buildAsync(uri(port, query), client.listener()).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new HandshakeRefused(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
        return client;
    }

    static URI uri(int port, String query) {
        return URI.create("ws://127.0.0.1:" + port + "/ws" + (query.isEmpty() ? "" : "?" + query));
    }

    /** The HTTP status of a refused handshake. */
    public static int refusedStatus(int port, String query, Map<String, String> headers) {
        try (WsTestClient client = connect(port, query, headers)) {
            throw new AssertionError("expected the handshake to be refused, but it was accepted");
        } catch (HandshakeRefused e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    /**
     * Lets {@code presence_join} / {@code presence_leave} through to {@link #next()}: skipped by default, since
     * every other member's arrival sends one, and most tests are about something else.
     */
    public WsTestClient seePresence() {
        skipPresence = false;
        return this;
    }

    /** Lets app-level {@code ping} frames through to {@link #next()} instead of skipping them. */
    public WsTestClient seePings() {
        skipPings = false;
        return this;
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void sendBinary(byte[] bytes) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(bytes), true).join();
    }

    /** Sends a text message as fragments; stops without error once the server has closed the connection. */
    public void sendFragments(String... parts) {
        for (int i = 0; i < parts.length; i++) {
            try {
                socket.sendText(parts[i], i == parts.length - 1).join();
            } catch (CompletionException e) {
                if (!closed.isDone()) {
                    throw e;
                }
                return; // the server closed the connection before the message was complete: nothing more to send
            }
        }
    }

    /** The next frame, JSON-parsed (a bare text frame comes back as a JSON string node). */
    public JsonNode next() {
        return next(WAIT);
    }

    public JsonNode next(Duration wait) {
        while (true) {
            String text = poll(wait);
            assertNotNull(text, "no frame within " + wait + (closed.isDone() ? "; closed " + closed.join() : ""));
            JsonNode node = parse(text);
            if (skipped(node.path("type").asText())) {
                continue;
            }
            return node;
        }
    }

    /** The next frame, which must be of {@code type}. */
    public JsonNode expect(String type) {
        JsonNode node = next();
        assertEquals(type, node.path("type").asText(), () -> "expected " + type + " but got " + node);
        return node;
    }

    /** Frames until one of {@code type} arrives; returns them all, that one last. */
    public List<JsonNode> until(String type) {
        List<JsonNode> seen = new ArrayList<>();
        while (true) {
            JsonNode node = next();
            seen.add(node);
            if (type.equals(node.path("type").asText())) {
                return seen;
            }
        }
    }

    /** Frames until the {@code count}th one of {@code type} arrives; returns them all. */
    public List<JsonNode> untilCount(String type, int count) {
        List<JsonNode> seen = new ArrayList<>();
        int found = 0;
        while (found < count) {
            List<JsonNode> batch = until(type);
            seen.addAll(batch);
            found++;
        }
        return seen;
    }

    /** Joins and returns the {@code joined} frame. */
    public JsonNode join(String conversation) {
        send("{\"type\":\"join\",\"conversation\":\"" + conversation + "\"}");
        return expect("joined");
    }

    /** Whether a frame is waiting right now (ping frames aside). */
    public boolean hasFrame() {
        texts.removeIf(t -> skipped(parse(t).path("type").asText()));
        return !texts.isEmpty();
    }

    public Closed awaitClose() {
        return awaitClose(WAIT);
    }

    public Closed awaitClose(Duration wait) {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("connection did not close within " + wait, e);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Stops taking frames off the socket: the server's writes back up, as with a client that stopped reading. */
    public void pauseReading() {
        paused.set(true);
    }

    public void resumeReading() {
        paused.set(false);
        socket.request(1);
    }

    /** Sends a ping frame (RFC 6455). */
    public void ping() {
        socket.sendPing(java.nio.ByteBuffer.wrap(new byte[] {1})).join();
    }

    @Override
    public void close() {
        if (socket != null && !closed.isDone()) {
            try {
                socket.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
                awaitClose(Duration.ofSeconds(5));
            } catch (Exception | AssertionError e) {
                socket.abort();
            }
        }
    }

    private boolean skipped(String type) {
        return skipPings && type.equals("ping")
                || skipPresence && (type.equals("presence_join") || type.equals("presence_leave"));
    }

    private String poll(Duration wait) {
        try {
            return texts.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static JsonNode parse(String text) {
        try {
            return text.startsWith("{") ? JSON.readTree(text) : JSON.getNodeFactory().textNode(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    texts.add(partial.toString());
                    partial = new StringBuilder();
                }
                if (!paused.get()) {
                    webSocket.request(1);
                }
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(new Closed(statusCode, reason));
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(new Closed(1006, String.valueOf(error)));
            }
        };
    }

    /** The server refused the WebSocket handshake. */
    public static final class HandshakeRefused extends RuntimeException {
        HandshakeRefused(Throwable cause) {
            super(cause);
        }
    }
}

package com.example.chat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A user of the chat app on a real WebSocket ({@code java.net.http.WebSocket}) to {@code /ws?user=…}: it queues
 * every text frame as it arrives, and a test waits for the frames it expects, each within a bound, never sleeping.
 */
final class ChatClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;

    private ChatClient(int port, String user) {
        try {
            socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(WAIT)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?user=" + user), new Listener())
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not connect as " + user, e);
        }
    }

    /** Connects as {@code user} (dev identity) and reads the {@code welcome} frame. */
    static ChatClient connect(int port, String user) {
        ChatClient client = new ChatClient(port, user);
        assertEquals(user, client.expect("welcome").get("user").asText());
        return client;
    }

    void send(String frame) {
        socket.sendText(frame, true).join();
    }

    /** The next frame, which must be of {@code type}. */
    JsonNode expect(String type) {
        JsonNode frame = next();
        assertEquals(type, frame.path("type").asText(), () -> "expected " + type + ", got " + frame);
        return frame;
    }

    /** The frames up to and including the first of {@code type}. */
    List<JsonNode> until(String type) {
        List<JsonNode> seen = new ArrayList<>();
        do {
            seen.add(next());
        } while (!seen.getLast().path("type").asText().equals(type));
        return seen;
    }

    /** The close code the server sent, waited for. */
    int closedWith() {
        try {
            return closeCode.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + WAIT, e);
        }
    }

    private JsonNode next() {
        try {
            JsonNode frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                fail("no frame within " + WAIT);
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a frame", e);
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null).join();
        }
        socket.abort();
    }

    /** Joins text fragments into frames; skips the server's keep-alive {@code ping} frames. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode frame = parse(partial.toString());
                if (!frame.path("type").asText().equals("ping")) {
                    frames.add(frame);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        /** The frame as JSON; a frame that is not JSON comes as a text node, which no expectation matches. */
        private static JsonNode parse(String text) {
            try {
                return JSON.readTree(text);
            } catch (JsonProcessingException e) {
                return JSON.getNodeFactory().textNode(text);
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(1006);
        }
    }
}

package com.example.chat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Member;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.Role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole chat app on a real server (127.0.0.1, any free port) with real clients: its own route and health beside
 * Parley's routes, a question answered by its own assistant over WebSocket and kept in its own store.
 */
class ChatApplicationTest {
    private static final Map<String, String> ENVIRONMENT = Map.of("PARLEY_HOST", "127.0.0.1", "PARLEY_PORT", "0",
            "PARLEY_NODE_ID", "chat-test");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ANSWER = ScriptedAssistant.answerTo("what is the weather like");

    private static ChatApplication app;

    @BeforeAll
    static void start() {
        app = ChatApplication.start(ENVIRONMENT);
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    @Test
    void theAppsOwnRouteAnswersBesideParleysConsole() {
        HttpResponse<String> hello = get(app, "/hello");
        assertEquals(200, hello.statusCode());
        assertEquals(ChatApplication.GREETING, hello.body());
        assertEquals(200, get(app, "/").statusCode(), "Parley's console is mounted at /");
    }

    @Test
    void theAppsHealthIncludesParleysReadinessChecks() {
        HttpResponse<String> health = get(app, "/observe/health");
        assertEquals(200, health.statusCode(), health.body());
        List<String> checks = new ArrayList<>();
        json(health).get("checks").forEach(check -> checks.add(check.get("name").asText()));
        assertTrue(checks.containsAll(List.of("connections", "assistant", "store")), checks.toString());
    }

    @Test
    void aQuestionIsAnsweredByTheAppsAssistantAndBothAreKeptInTheAppsStore() {
        String runId;
        try (ChatClient alice = ChatClient.connect(app.port(), "alice")) {
            alice.send("{\"type\":\"join\",\"conversation\":\"weather\"}");
            JsonNode joined = alice.expect("joined");
            assertEquals("owner", joined.get("role").asText(), "the first to join creates the conversation");
            assertEquals(0, joined.get("offset").asLong());

            alice.send("{\"type\":\"send\",\"conversation\":\"weather\",\"content\":\"what is the weather like\","
                    + "\"ref\":\"s1\"}");
            assertEquals("s1", alice.expect("ack").get("ref").asText());
            JsonNode question = alice.expect("message");
            assertEquals(List.of("user", "alice", "what is the weather like", "1"), fields(question));

            List<JsonNode> run = alice.until("RUN_FINISHED");
            assertEquals("RUN_STARTED", type(run.getFirst()));
            runId = run.getFirst().get("runId").asText();
            List<String> deltas = ofType(run, "TEXT_MESSAGE_CONTENT").stream().map(d -> d.get("delta").asText())
                    .toList();
            assertTrue(deltas.size() > 1, "streamed word by word: " + deltas);
            assertEquals(ANSWER, String.join("", deltas));
            JsonNode answer = ofType(run, "message").getFirst();
            assertEquals(List.of("assistant", "assistant", ANSWER, "2"), fields(answer));
            assertEquals(runId, answer.get("run").asText());
            JsonNode finished = run.getLast();
            assertEquals("scripted", finished.at("/result/provider").asText(), finished.toString());
            assertEquals("v1", finished.at("/result/model").asText());
        }

        ConversationId weather = new ConversationId("weather");
        List<Message> stored = app.store().messages(weather, MessageRange.after(0, 10));
        assertEquals(List.of(MessageRole.USER, MessageRole.ASSISTANT), stored.stream().map(Message::role).toList());
        assertEquals(List.of("what is the weather like", ANSWER), stored.stream().map(Message::content).toList());
        assertEquals(runId, stored.get(1).runId().orElseThrow().value());
        assertEquals(List.of(new Member(new UserId("alice"), Role.OWNER)),
                app.store().find(weather).orElseThrow().members());

        HttpResponse<String> history = get(app, "/api/conversations/weather/messages?user=alice");
        assertEquals(200, history.statusCode(), history.body());
        List<List<String>> page = new ArrayList<>();
        json(history).get("messages").forEach(m -> page.add(fields(m)));
        assertEquals(List.of(List.of("user", "alice", "what is the weather like", "1"),
                List.of("assistant", "assistant", ANSWER, "2")), page);
    }

    @Test
    void stoppingTheAppClosesParleysConnectionsAsAShutdown() {
        ChatApplication own = ChatApplication.start(ENVIRONMENT);
        try (ChatClient bob = ChatClient.connect(own.port(), "bob")) {
            own.stop();
            assertEquals(1001, bob.closedWith(), "Parley drained before the server stopped");
        }
    }

    private static List<String> fields(JsonNode message) {
        return List.of(message.get("role").asText(), message.get("sender").asText(), message.get("content").asText(),
                message.get("offset").asText());
    }

    private static String type(JsonNode frame) {
        return frame.path("type").asText();
    }

    private static List<JsonNode> ofType(List<JsonNode> frames, String type) {
        return frames.stream().filter(f -> type(f).equals(type)).collect(Collectors.toList());
    }

    private static HttpResponse<String> get(ChatApplication target, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return ChatClient.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

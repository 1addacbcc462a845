package io.parley.bootstrap;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.parley.bootstrap.UpgradeRefusalTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP conversation endpoints: history pages, posting and relaying with the server key, AG-UI runs. */
class HttpConversationsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestParley parley;

    @BeforeAll
    static void start() {
        parley = TestParley.start(Map.of("PARLEY_API_KEY", "k3y", "PARLEY_LLM_ECHO_DELAY", "0ms",
                "PARLEY_MESSAGES_PER_SECOND", "10000", "PARLEY_HTTP_REQUESTS_PER_MINUTE", "10000"));
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    @Test
    void membersPageThroughHistoryWithNext() throws Exception {
        try (WsTestClient jan = parley.connect("jan")) {
            jan.expect("welcome");
            jan.join("paged");
            ConversationOverWebSocketTest.sendMany(jan, "paged", "p", 7);
            ConversationOverWebSocketTest.messages(jan, 7);
        }
        JsonNode newest = json(parley.get("/api/conversations/paged/messages?user=jan&limit=3"));
        assertEquals(List.of(5L, 6L, 7L), offsets(newest));
        JsonNode older = json(parley.get(newest.get("next").asText() + "&user=jan"));
        assertEquals(List.of(2L, 3L, 4L), offsets(older));
        JsonNode oldest = json(parley.get(older.get("next").asText() + "&user=jan"));
        assertEquals(List.of(1L), offsets(oldest));
        assertTrue(oldest.get("next").isNull());

        JsonNode forward = json(parley.get("/api/conversations/paged/messages?user=jan&after=2&limit=4"));
        assertEquals(List.of(3L, 4L, 5L, 6L), offsets(forward));
        assertEquals(List.of(7L), offsets(json(parley.get(forward.get("next").asText() + "&user=jan"))));
    }

    @Test
    void historyIsForMembersOfConversationsThatExist() {
        try (WsTestClient kim = parley.connect("kim")) {
            kim.expect("welcome");
            kim.join("private");
        }
        assertProblem(parley.get("/api/conversations/private/messages?user=stranger"), 403, "forbidden");
        assertProblem(parley.get("/api/conversations/nowhere/messages?user=kim"), 404, "not_found");
        assertProblem(parley.get("/api/conversations/private/messages?user=kim&limit=0"), 400, "bad_request");
        assertProblem(parley.get("/api/conversations/bad%20id/messages?user=kim"), 400, "bad_request");
    }

    @Test
    void aServicePostsAMessageThatMembersReceiveOnceEvenWhenItRetries() throws Exception {
        try (WsTestClient lou = parley.connect("lou")) {
            lou.expect("welcome");
            lou.join("announcements");
            String body = "{\"content\":\"build 42 is green\",\"sender\":\"ci-bot\",\"id\":\"build-42\"}";
            HttpResponse<String> created = post("/api/conversations/announcements/messages", body, "k3y");
            assertEquals(201, created.statusCode());
            JsonNode posted = json(created);
            assertEquals(1, posted.get("offset").asLong());
            assertEquals("build-42", posted.get("id").asText());
            JsonNode message = lou.expect("message");
            assertEquals("system", message.get("role").asText());
            assertEquals("ci-bot", message.get("sender").asText());

            HttpResponse<String> retried = post("/api/conversations/announcements/messages", body, "k3y");
            assertEquals(200, retried.statusCode());
            assertEquals(1, json(retried).get("offset").asLong());
            assertProblem(post("/api/conversations/announcements/messages",
                    "{\"content\":\"other\",\"id\":\"build-42\"}", "k3y"), 409, "conflict");
            lou.send("{\"type\":\"ping\"}");
            assertEquals("pong", lou.next().get("type").asText(), "the retry was not pushed again");
        }
        assertProblem(post("/api/conversations/nowhere/messages", "{\"content\":\"x\"}", "k3y"), 404, "not_found");
        assertProblem(post("/api/conversations/announcements/messages", "{\"content\":\"\"}", "k3y"), 400,
                "bad_request");
        assertProblem(post("/api/conversations/announcements/messages", "{\"content\":\"x\",\"role\":\"boss\"}",
                "k3y"), 400, "bad_request");
        assertProblem(post("/api/conversations/announcements/messages", "not json", "k3y"), 400, "bad_request");
        assertProblem(post("/api/conversations/announcements/messages", "{\"content\":\"x\"}", null), 401,
                "unauthorized");
    }

    @Test
    void aServiceRelaysPipelineStatusToMembersLiveWithoutStoringIt() throws Exception {
        try (WsTestClient mia = parley.connect("mia")) {
            mia.expect("welcome");
            mia.join("pipeline");
            HttpResponse<String> accepted = post("/api/conversations/pipeline/events",
                    "[{\"type\":\"STEP_STARTED\",\"stepName\":\"indexing\"},"
                            + "{\"type\":\"CUSTOM\",\"name\":\"progress\",\"value\":{\"percent\":40}}]", "k3y");
            assertEquals(202, accepted.statusCode());
            assertEquals(2, json(accepted).get("relayed").asInt());
            JsonNode step = mia.expect("STEP_STARTED");
            assertEquals("indexing", step.get("stepName").asText());
            assertEquals("pipeline", step.get("conversation").asText());
            JsonNode custom = mia.expect("CUSTOM");
            assertEquals(40, custom.at("/value/percent").asInt());
            mia.send("{\"type\":\"history\",\"conversation\":\"pipeline\"}");
            assertEquals(0, mia.expect("history").get("messages").size());
        }
        assertProblem(post("/api/conversations/pipeline/events", "{\"type\":\"DANCE\"}", "k3y"), 400, "bad_request");
        assertProblem(post("/api/conversations/pipeline/events", "[{\"stepName\":\"x\"}]", "k3y"), 400,
                "bad_request");
        assertProblem(post("/api/conversations/nowhere/events", "{\"type\":\"CUSTOM\",\"name\":\"x\"}", "k3y"), 404,
                "not_found");
    }

    @Test
    void aguiStreamsTheRunAsServerSentEventsWhichMembersSeeToo() throws Exception {
        try (WsTestClient ned = parley.connect("ned")) {
            ned.expect("welcome");
            ned.join("sse-thread");
            String input = "{\"threadId\":\"sse-thread\",\"runId\":\"my-run-1\",\"state\":{},\"tools\":[],"
                    + "\"context\":[],\"forwardedProps\":{},\"messages\":[{\"id\":\"u-1\",\"role\":\"user\","
                    + "\"content\":\"via http\"}]}";
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + parley.port() + "/agui?user=olga"))
                    .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(input)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElseThrow());
            List<JsonNode> events = new ArrayList<>();
            for (String block : response.body().split("\n\n")) {
                if (block.startsWith("data:")) { // the space after the colon is optional (SSE)
                    events.add(WsTestClient.JSON.readTree(block.substring(5).stripLeading()));
                }
            }
            events.forEach(AgUiSchema::assertValid);
            assertEquals("my-run-1", events.getFirst().get("runId").asText(), "the client's run id is used");
            assertEquals("RUN_FINISHED", events.getLast().get("type").asText());
            assertTrue(AgUiSchema.text(events).contains("via http"));

            List<JsonNode> seen = ned.until("RUN_FINISHED");
            assertEquals("olga", seen.getFirst().get("sender").asText(), "the AG-UI user's message, posted");
            assertEquals("my-run-1", seen.getLast().get("runId").asText(), "members see the same run");
        }
        assertProblem(post("/agui?user=olga", "{\"threadId\":\"no spaces allowed\",\"messages\":[]}", null), 400,
                "bad_request");
    }

    private static HttpResponse<String> post(String path, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + parley.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertTrue(response.statusCode() < 300, () -> response.statusCode() + " " + response.body());
        return WsTestClient.JSON.readTree(response.body());
    }

    private static List<Long> offsets(JsonNode page) {
        List<Long> offsets = new ArrayList<>();
        page.get("messages").forEach(m -> offsets.add(m.get("offset").asLong()));
        return offsets;
    }
}

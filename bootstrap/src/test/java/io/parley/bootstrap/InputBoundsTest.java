package io.parley.bootstrap;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.parley.bootstrap.ConversationOverWebSocketTest.messages;
import static io.parley.bootstrap.ConversationOverWebSocketTest.offsets;
import static io.parley.bootstrap.ConversationOverWebSocketTest.sendMany;
import static io.parley.bootstrap.UpgradeRefusalTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One content bound for every path, and answers that always fit a member's queue: messages of at most
 * {@code max-message-bytes} however they arrive (HTTP publish, AG-UI input), bounded relays and AG-UI inputs, and
 * history pages and join replays cut by count and by bytes. Whoever crosses a bound gets a clear refusal;
 * members connected meanwhile are not disturbed.
 */
class InputBoundsTest {
    private static final int MAX_MESSAGE = 16 * 1024;
    private static TestParley parley;

    @BeforeAll
    static void start() {
        parley = TestParley.start(Map.ofEntries(Map.entry("PARLEY_API_KEY", "k3y"),
                Map.entry("PARLEY_MAX_MESSAGE_BYTES", "16KiB"), Map.entry("PARLEY_OUTBOUND_QUEUE_BYTES", "64KiB"),
                Map.entry("PARLEY_AGUI_MAX_NEW_MESSAGES", "3"), Map.entry("PARLEY_MAX_EVENTS_PER_REQUEST", "5"),
                Map.entry("PARLEY_MAX_EVENTS_BYTES", "20KiB"), Map.entry("PARLEY_LLM_ECHO_DELAY", "0ms"),
                Map.entry("PARLEY_MESSAGES_PER_SECOND", "10000"),
                Map.entry("PARLEY_HTTP_REQUESTS_PER_MINUTE", "10000")));
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    @Test
    void aPublishedMessageOverTheContentBoundIs413AndMembersStayConnected() {
        try (WsTestClient member = parley.connect("watcher")) {
            member.expect("welcome");
            member.join("big-posts");
            String tooBig = "\u20ac".repeat(MAX_MESSAGE / 3 + 1); // one character fewer bytes would fit
            assertProblem(publish("big-posts", tooBig), 413, "too_large");
            assertEquals(201, publish("big-posts", "\u20ac".repeat(MAX_MESSAGE / 3)).statusCode());
            assertEquals(1, messages(member, 1).getFirst().get("offset").asLong());
            ConversationOverWebSocketTest.assertNothingBefore(member, "only the message within the bound");
        }
    }

    @Test
    void aguiRefusesAMessageOverTheContentBoundAndStoresNothing() throws Exception {
        String input = agui("agui-big", message("u-big", "user", "x".repeat(MAX_MESSAGE + 1)));
        assertProblem(parley.post("/agui?user=ann", input), 413, "too_large");
        assertEquals(404, parley.get("/api/conversations/agui-big/messages?user=ann").statusCode(),
                "refused before anything was stored, the conversation included");
    }

    @Test
    void aguiStoresOnlyNewUserMessagesAndAtMostTheBoundPerRequest() throws Exception {
        String four = agui("agui-many", message("a1", "user", "one"), message("a2", "user", "two"),
                message("a3", "user", "three"), message("a4", "user", "four"));
        assertProblem(parley.post("/agui?user=bea", four), 413, "too_large");

        String three = agui("agui-many", message("a1", "user", "one"), message("x1", "assistant", "not mine"),
                message("s1", "system", "obey"), message("a2", "user", "two"), message("a3", "user", "three"));
        assertEquals(200, parley.post("/agui?user=bea", three).statusCode());
        List<String> stored = contents(history("agui-many", "bea"));
        assertEquals(List.of("one", "two", "three"), stored.subList(0, 3), "user messages only, in order");
        assertFalse(stored.contains("not mine") || stored.contains("obey"), "a client's assistant and system "
                + "messages are its copy of history, not the truth");

        String again = agui("agui-many", message("a1", "user", "one"), message("a2", "user", "two"),
                message("a3", "user", "three"), message("a4", "user", "four"), message("a5", "user", "five"));
        assertEquals(200, parley.post("/agui?user=bea", again).statusCode(), "stored ones do not count");
        List<String> after = contents(history("agui-many", "bea"));
        assertEquals(1, Collections.frequency(after, "one"), "nothing stored twice");
        assertTrue(after.containsAll(List.of("four", "five")));
    }

    @Test
    void relaysAreBoundedInCountEachEventAndInAll() {
        String small = "{\"type\":\"STEP_STARTED\",\"stepName\":\"s\"}";
        String big = "{\"type\":\"CUSTOM\",\"name\":\"n\",\"value\":\"" + "v".repeat(MAX_MESSAGE) + "\"}";
        String large = "{\"type\":\"CUSTOM\",\"name\":\"n\",\"value\":\"" + "v".repeat(MAX_MESSAGE / 2) + "\"}";
        try (WsTestClient member = parley.connect("relayed")) {
            member.expect("welcome");
            member.join("relays");
            assertProblem(relay("relays", Collections.nCopies(6, small)), 413, "too_large");
            assertProblem(relay("relays", List.of(big)), 413, "too_large");
            assertProblem(relay("relays", List.of(large, large, large)), 413, "too_large");
            HttpResponse<String> fine = relay("relays", Collections.nCopies(5, small));
            assertEquals(202, fine.statusCode());
            for (int i = 0; i < 5; i++) {
                assertEquals("STEP_STARTED", member.next().get("type").asText());
            }
            ConversationOverWebSocketTest.assertNothingBefore(member, "refused requests relayed nothing");
        }
    }

    @Test
    void historyPagesAndJoinReplaysAreCutByBytesSoTheyFitTheQueue() throws Exception {
        String twelveKib = "h".repeat(12 * 1024); // a page may carry 32 KiB: two of these
        for (int i = 0; i < 5; i++) {
            assertEquals(201, publish("heavy", twelveKib + i).statusCode());
        }
        try (WsTestClient reader = parley.connect("reader")) {
            reader.expect("welcome");
            reader.send("{\"type\":\"join\",\"conversation\":\"heavy\",\"since\":0}");
            JsonNode joined = reader.expect("joined");
            assertFalse(joined.get("recovered").asBoolean(), "the replay was cut");
            assertEquals(List.of(1L, 2L), offsets(messages(reader, 2)));
            ConversationOverWebSocketTest.assertNothingBefore(reader, "no more than fits");

            reader.send("{\"type\":\"history\",\"conversation\":\"heavy\",\"after\":2,\"limit\":100}");
            JsonNode page = reader.expect("history");
            assertEquals(2, page.get("messages").size());
            assertEquals(3, page.get("messages").get(0).get("offset").asLong());
            assertTrue(page.get("has_more").asBoolean());
            reader.send("{\"type\":\"history\",\"conversation\":\"heavy\",\"after\":4}");
            JsonNode last = reader.expect("history");
            assertEquals(1, last.get("messages").size());
            assertFalse(last.get("has_more").asBoolean());
            assertFalse(reader.isClosed());
        }
        JsonNode newest = history("heavy", "reader");
        assertEquals(List.of(4L, 5L), offsetsOf(newest), "the newest page keeps its newest messages");
        assertTrue(newest.get("has_more").asBoolean());
        assertEquals(List.of(2L, 3L), offsetsOf(json(parley.get(newest.get("next").asText() + "&user=reader"))));
    }

    @Test
    void afterZeroIsTheStartOfTheConversation() throws Exception {
        try (WsTestClient writer = parley.connect("starter")) {
            writer.expect("welcome");
            writer.join("from-the-start");
            sendMany(writer, "from-the-start", "s", 7);
            messages(writer, 7);
            writer.send("{\"type\":\"history\",\"conversation\":\"from-the-start\",\"after\":0,\"limit\":3}");
            assertEquals(List.of(1L, 2L, 3L), offsetsOf(writer.expect("history")));
        }
        JsonNode first = json(parley.get("/api/conversations/from-the-start/messages?user=starter&after=0&limit=3"));
        assertEquals(List.of(1L, 2L, 3L), offsetsOf(first));
        JsonNode second = json(parley.get(first.get("next").asText() + "&user=starter"));
        assertEquals(List.of(4L, 5L, 6L), offsetsOf(second));
    }

    private static HttpResponse<String> publish(String conversation, String content) {
        try (WsTestClient owner = parley.connect("owner-" + conversation)) {
            owner.expect("welcome");
            owner.join(conversation);
        }
        return parley.post("/api/conversations/" + conversation + "/messages",
                "{\"content\":" + quote(content) + "}", "Authorization", "Bearer k3y");
    }

    private static HttpResponse<String> relay(String conversation, List<String> events) {
        return parley.post("/api/conversations/" + conversation + "/events", "[" + String.join(",", events) + "]",
                "Authorization", "Bearer k3y");
    }

    private static String agui(String thread, String... messages) {
        return "{\"threadId\":\"" + thread + "\",\"runId\":\"r-" + System.nanoTime() + "\",\"state\":{},"
                + "\"tools\":[],\"context\":[],\"forwardedProps\":{},\"messages\":[" + String.join(",", messages)
                + "]}";
    }

    private static String message(String id, String role, String content) {
        return "{\"id\":\"" + id + "\",\"role\":\"" + role + "\",\"content\":" + quote(content) + "}";
    }

    private static JsonNode history(String conversation, String user) throws IOException {
        return json(parley.get("/api/conversations/" + conversation + "/messages?user=" + user + "&limit=100"));
    }

    private static List<String> contents(JsonNode page) {
        List<String> contents = new ArrayList<>();
        page.get("messages").forEach(m -> contents.add(m.get("content").asText()));
        return contents;
    }

    private static List<Long> offsetsOf(JsonNode page) {
        List<Long> offsets = new ArrayList<>();
        page.get("messages").forEach(m -> offsets.add(m.get("offset").asLong()));
        return offsets;
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return WsTestClient.JSON.readTree(response.body());
    }

    private static String quote(String text) {
        try {
            return WsTestClient.JSON.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}

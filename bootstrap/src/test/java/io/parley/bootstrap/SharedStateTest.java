package io.parley.bootstrap;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.parley.adapter.out.assistant.Answers;
import io.parley.adapter.out.assistant.FakeProvider;
import io.parley.adapter.out.assistant.Sse;

import static io.parley.bootstrap.AgUiSchema.assertRun;
import static io.parley.bootstrap.AssistantOverWebSocketTest.runEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A conversation's shared state over WebSocket: a member's patch to the version it saw becomes the next version
 * and a {@code STATE_DELTA} to every member; a patch to an older version is a {@code conflict} with the state as it
 * is; a bad or oversized change is refused and changes nothing; who joins later gets a {@code STATE_SNAPSHOT}; a run
 * shows it and the model sees it.
 */
class SharedStateTest {
    private static TestParley parley;

    @BeforeAll
    static void start() {
        parley = TestParley.start(Map.of("PARLEY_MAX_STATE_BYTES", "200", "PARLEY_MESSAGES_PER_SECOND", "1000"));
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    @Test
    void aPatchToTheVersionSeenReachesEveryMemberAndAnOlderOneIsAConflictWithTheStateAsItIs() {
        try (WsTestClient ada = parley.connect("ada-s");
             WsTestClient bea = parley.connect("bea-s")) {
            ada.expect("welcome");
            bea.expect("welcome");
            ada.join("board");
            bea.join("board");

            ada.send(change("board", 0, "[{\"op\":\"add\",\"path\":\"/todo\",\"value\":[\"milk\"]}]", "s1"));
            JsonNode ack = ada.until("ack").getLast();
            assertEquals("s1", ack.get("ref").asText());
            assertEquals(1, ack.get("version").asLong());
            for (WsTestClient member : List.of(ada, bea)) {
                JsonNode delta = member.until("STATE_DELTA").getLast();
                assertEquals("board", delta.get("conversation").asText());
                assertEquals(1, delta.get("version").asLong());
                assertEquals("/todo", delta.at("/delta/0/path").asText());
            }

            bea.send(change("board", 0, "[{\"op\":\"add\",\"path\":\"/done\",\"value\":true}]", "s2"));
            JsonNode conflict = bea.until("error").getLast();
            assertEquals("conflict", conflict.get("code").asText());
            assertEquals("s2", conflict.get("ref").asText());
            JsonNode snapshot = bea.expect("STATE_SNAPSHOT");
            assertEquals(1, snapshot.get("version").asLong());
            assertEquals("milk", snapshot.at("/snapshot/todo/0").asText());

            bea.send(change("board", 1, "[{\"op\":\"add\",\"path\":\"/todo/-\",\"value\":\"eggs\"}]", "s3"));
            assertEquals(2, bea.until("ack").getLast().get("version").asLong());
            assertEquals(2, ada.until("STATE_DELTA").getLast().get("version").asLong());

            try (WsTestClient cy = parley.connect("cy-s")) {
                cy.expect("welcome");
                cy.send("{\"type\":\"join\",\"conversation\":\"board\"}");
                cy.expect("joined");
                JsonNode joined = cy.expect("STATE_SNAPSHOT");
                assertEquals(2, joined.get("version").asLong(), "who joins later gets the state as it is");
                assertEquals(List.of("milk", "eggs"), joined.at("/snapshot/todo").valueStream()
                        .map(JsonNode::asText).toList());
            }
        }
    }

    @Test
    void aBadOrOversizedChangeIsRefusedAndTheStateStaysAsItWas() {
        try (WsTestClient dee = parley.connect("dee-s")) {
            dee.expect("welcome");
            dee.join("refused-state");
            dee.send(change("refused-state", 0, "[{\"op\":\"add\",\"path\":\"/n\",\"value\":1}]", null));
            assertEquals(1, dee.until("ack").getLast().get("version").asLong());

            dee.send(change("refused-state", 1, "[{\"op\":\"remove\",\"path\":\"/missing\"}]", null));
            assertEquals("bad_request", dee.until("error").getLast().get("code").asText(), "does not apply");
            dee.send(change("refused-state", 1, "[{\"op\":\"test\",\"path\":\"/n\",\"value\":2}]", null));
            assertEquals("bad_request", dee.until("error").getLast().get("code").asText(), "a failed test");
            dee.send("{\"type\":\"state\",\"conversation\":\"refused-state\",\"version\":1,\"patch\":{\"op\":1}}");
            assertEquals("bad_request", dee.until("error").getLast().get("code").asText(), "not an array");
            dee.send("{\"type\":\"state\",\"conversation\":\"refused-state\",\"patch\":[]}");
            assertEquals("bad_request", dee.until("error").getLast().get("code").asText(), "no version");
            dee.send(change("refused-state", 1, "[{\"op\":\"add\",\"path\":\"/big\",\"value\":\"" + "x".repeat(300)
                    + "\"}]", null));
            JsonNode tooLarge = dee.until("error").getLast();
            assertEquals("too_large", tooLarge.get("code").asText());
            dee.send(change("refused-state", 1, "[{\"op\":\"replace\",\"path\":\"/n\",\"value\":2}]", null));
            assertEquals(2, dee.until("ack").getLast().get("version").asLong(), "nothing refused changed it");
            dee.send(change("not-joined", 0, "[]", null));
            assertEquals("not_joined", dee.until("error").getLast().get("code").asText());
        }
    }

    @Test
    void aRunShowsTheStateAndTheModelSeesIt() throws Exception {
        try (FakeProvider model = FakeProvider.start(Answers.stream(Sse.reply("noted")));
             TestParley withModel = TestParley.start(AssistantProviderTest.openAi(model, Map.of()));
             WsTestClient eve = withModel.connect("eve-s")) {
            eve.expect("welcome");
            eve.join("planned");
            eve.send(change("planned", 0, "[{\"op\":\"add\",\"path\":\"/city\",\"value\":\"Lyon\"}]", null));
            eve.until("ack");
            eve.send("{\"type\":\"send\",\"conversation\":\"planned\",\"content\":\"plan my day\"}");
            List<JsonNode> run = runEvents(eve.until("RUN_FINISHED"));
            assertRun(run);
            JsonNode snapshot = run.stream().filter(e -> e.get("type").asText().equals("STATE_SNAPSHOT"))
                    .findFirst().orElseThrow();
            assertEquals("Lyon", snapshot.at("/snapshot/city").asText());
            assertTrue(model.request(0).body().contains("{\\\"city\\\":\\\"Lyon\\\"}"), model.request(0).body());
        }
    }

    private static String change(String conversation, long version, String patch, String ref) {
        return "{\"type\":\"state\",\"conversation\":\"" + conversation + "\",\"version\":" + version
                + ",\"patch\":" + patch + (ref == null ? "" : ",\"ref\":\"" + ref + "\"") + "}";
    }
}

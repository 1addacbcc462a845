package io.parley.bootstrap;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.parley.adapter.out.assistant.Answers;
import io.parley.adapter.out.assistant.FakeProvider;
import io.parley.adapter.out.assistant.Sse;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code PUT /api/conversations/{id}/tools}: the tools a backend (or the conversation's owner) sets reach every run
 * there, beside those a member's request brings (by name, the request's win); only the owner and the server key
 * set them, a bad body is 400, an unknown conversation 404, and deleting the conversation takes them away.
 */
class ConversationToolsTest {
    private static final String WEATHER = "{\"name\":\"weather\",\"description\":\"from the backend\","
            + "\"parameters\":{\"type\":\"object\"},\"metadata\":{\"team\":\"ops\"}}";
    private static final String CLOCK = "{\"name\":\"clock\",\"description\":\"the time\"}";

    @Test
    void toolsSetForAConversationReachEveryRunThereBesideTheRequestsOwn() throws Exception {
        try (FakeProvider model = FakeProvider.start(Answers.stream(Sse.reply("ok")), Answers.stream(Sse.reply("ok")));
             TestParley parley = TestParley.start(AssistantProviderTest.openAi(model, Map.of()));
             WsTestClient owner = parley.connect("owner-t")) {
            owner.expect("welcome");
            owner.join("tooled");

            HttpResponse<String> set = parley.asServer("PUT", "/api/conversations/tooled/tools",
                    "[" + WEATHER + "," + CLOCK + "]");
            assertEquals(200, set.statusCode(), set.body());
            JsonNode read = WsTestClient.JSON.readTree(parley.get("/api/conversations/tooled/tools?user=owner-t")
                    .body());
            assertEquals(List.of("weather", "clock"), names(read.get("tools")));
            assertEquals("ops", read.at("/tools/0/metadata/team").asText(), "read back as given");

            owner.send("{\"type\":\"send\",\"conversation\":\"tooled\",\"content\":\"hi\",\"tools\":["
                    + "{\"name\":\"clock\",\"description\":\"the member's own clock\"}]}");
            owner.until("RUN_FINISHED");
            JsonNode request = WsTestClient.JSON.readTree(model.request(0).body());
            List<String> offered = request.get("tools").valueStream()
                    .map(t -> t.at("/function/name").asText()).toList();
            assertEquals(List.of("weather", "clock"), offered);
            assertEquals("the member's own clock", request.at("/tools/1/function/description").asText());

            assertEquals(200, parley.send("PUT", "/api/conversations/tooled/tools?user=owner-t", "{\"tools\":[]}")
                    .statusCode(), "the owner may clear them");
            owner.send("{\"type\":\"send\",\"conversation\":\"tooled\",\"content\":\"again\"}");
            owner.until("RUN_FINISHED");
            assertEquals(false, WsTestClient.JSON.readTree(model.request(1).body()).has("tools"));
        }
    }

    @Test
    void onlyTheOwnerOrTheServerKeySetsThemAndBadInputIsRefused() {
        try (TestParley parley = TestParley.start(Map.of());
             WsTestClient owner = parley.connect("boss-t");
             WsTestClient member = parley.connect("guest-t")) {
            owner.expect("welcome");
            member.expect("welcome");
            owner.join("guarded");
            member.join("guarded");

            assertEquals(403, parley.send("PUT", "/api/conversations/guarded/tools?user=guest-t", "[" + CLOCK + "]")
                    .statusCode(), "a member may not");
            assertEquals(200, parley.get("/api/conversations/guarded/tools?user=guest-t").statusCode(),
                    "but may read them");
            assertEquals(404, parley.asServer("PUT", "/api/conversations/nowhere/tools", "[" + CLOCK + "]")
                    .statusCode());
            assertEquals(400, parley.asServer("PUT", "/api/conversations/guarded/tools", "[{\"description\":\"x\"}]")
                    .statusCode(), "a tool needs a name");
            assertEquals(400, parley.asServer("PUT", "/api/conversations/guarded/tools", "[" + CLOCK + "," + CLOCK
                    + "]").statusCode(), "one tool per name");
            assertEquals(400, parley.asServer("PUT", "/api/conversations/guarded/tools",
                    "[{\"name\":\"x\",\"parameters\":\"not a schema\"}]").statusCode());

            assertEquals(200, parley.asServer("PUT", "/api/conversations/guarded/tools", "[" + CLOCK + "]")
                    .statusCode());
            assertEquals(204, parley.asServer("DELETE", "/api/conversations/guarded", null).statusCode());
            owner.until("deleted");
            owner.join("guarded");
            assertEquals("[]", parley.get("/api/conversations/guarded/tools?user=boss-t").body()
                    .replaceAll(".*\"tools\":(\\[.*\\]).*", "$1"), "a conversation made again has none");
        }
    }

    private static List<String> names(JsonNode tools) {
        return tools.valueStream().map(t -> t.get("name").asText()).toList();
    }
}

package io.parley.bootstrap;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.parley.adapter.out.assistant.Answers;
import io.parley.adapter.out.assistant.FakeProvider;
import io.parley.adapter.out.assistant.Sse;

import static io.parley.bootstrap.AgUiSchema.assertRun;
import static io.parley.bootstrap.AssistantOverWebSocketTest.runEvents;
import static io.parley.bootstrap.AssistantProviderTest.openAi;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Front-end tools over WebSocket with an OpenAI-compatible model on loopback that streams tool calls the way real
 * ones do (split arguments, two calls interleaved, {@code finish_reason: tool_calls}, a usage chunk last): every
 * member sees the calls as AG-UI events, the run ends with them pending, the results go back through
 * {@code tool_result} and the model goes on; history and replay keep it all in order.
 */
class AgentToolsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOOLS = "[{\"name\":\"weather\",\"description\":\"the weather in a city\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}]";

    @Test
    void toolCallsStreamToEveryMemberTheResultsGoBackAndTheModelGoesOn() throws Exception {
        try (FakeProvider model = FakeProvider.start(Answers.stream(twoCalls()),
                Answers.stream(Sse.reply("Sunny in Paris, ", "rain in Rome.")));
             TestParley parley = TestParley.start(openAi(model, Map.of()));
             WsTestClient ada = parley.connect("ada");
             WsTestClient bea = parley.connect("bea")) {
            ada.expect("welcome");
            bea.expect("welcome");
            ada.send("{\"type\":\"join\",\"conversation\":\"trip\",\"tools\":" + TOOLS + "}");
            ada.expect("joined");
            bea.join("trip");
            ada.send("{\"type\":\"send\",\"conversation\":\"trip\",\"content\":\"weather in Paris and Rome?\"}");

            for (WsTestClient member : List.of(ada, bea)) {
                List<JsonNode> frames = member.until("RUN_FINISHED");
                List<JsonNode> run = runEvents(frames);
                assertRun(run);
                assertEquals(List.of("{\"city\":", "\"Paris\"}", "{\"city\":\"Rome\"}"), run.stream()
                        .filter(e -> e.get("type").asText().equals("TOOL_CALL_ARGS"))
                        .map(e -> e.get("delta").asText()).toList(), "fragments exactly as the model sent them");
                JsonNode start = run.stream().filter(e -> e.get("type").asText().equals("TOOL_CALL_START"))
                        .findFirst().orElseThrow();
                assertEquals("call_w1", start.get("toolCallId").asText());
                assertEquals("weather", start.get("toolCallName").asText());
                JsonNode finished = run.getLast();
                assertEquals("success", finished.at("/outcome/type").asText());
                assertEquals(List.of("call_w1", "call_w2"), strings(finished.at("/outcome/pendingToolCallIds")));
                assertEquals(21, finished.at("/usage/0/inputTokens").asInt(), finished.toString());
                JsonNode reply = frames.stream().filter(f -> f.path("type").asText().equals("message")
                        && f.path("role").asText().equals("assistant")).findFirst().orElseThrow();
                assertEquals(start.get("parentMessageId").asText(), reply.get("id").asText());
                assertEquals("{\"city\":\"Paris\"}", reply.at("/toolCalls/0/function/arguments").asText());
                assertEquals("function", reply.at("/toolCalls/1/type").asText());
            }
            JsonNode request = JSON.readTree(model.request(0).body());
            assertEquals("weather", request.at("/tools/0/function/name").asText(), "the join's tools reach the model");

            ada.send("{\"type\":\"tool_result\",\"conversation\":\"trip\",\"toolCallId\":\"call_w1\","
                    + "\"content\":\"sunny\",\"ref\":\"r1\"}");
            assertEquals("r1", ada.until("ack").getLast().get("ref").asText());
            ada.send("{\"type\":\"tool_result\",\"conversation\":\"trip\",\"toolCallId\":\"call_w2\","
                    + "\"content\":\"rain\",\"ref\":\"r2\"}");
            List<JsonNode> second = ada.until("RUN_FINISHED");
            assertEquals("Sunny in Paris, rain in Rome.", AgUiSchema.text(runEvents(second)));
            assertEquals(2, model.requestCount(), "one run once both calls had results, not one per result");
            JsonNode continued = JSON.readTree(model.request(1).body());
            List<String> roles = strings(continued.get("messages"), "role");
            assertEquals(List.of("user", "assistant", "tool", "tool"), roles.subList(roles.size() - 4, roles.size()));
            assertEquals("call_w2", continued.at("/messages/" + (roles.size() - 1) + "/tool_call_id").asText());

            ada.send("{\"type\":\"history\",\"conversation\":\"trip\",\"after\":0}");
            JsonNode history = ada.until("history").getLast();
            assertEquals(List.of("user", "assistant", "tool", "tool", "assistant"), strings(history.get("messages"),
                    "role"));
            assertEquals("call_w1", history.at("/messages/2/toolCallId").asText());
            assertEquals("sunny", history.at("/messages/2/content").asText());

            try (WsTestClient late = parley.connect("ada")) {
                late.expect("welcome");
                late.send("{\"type\":\"join\",\"conversation\":\"trip\",\"since\":1}");
                List<JsonNode> replay = late.untilCount("message", 4);
                assertEquals(List.of("assistant", "tool", "tool", "assistant"), replay.stream()
                        .filter(f -> f.path("type").asText().equals("message"))
                        .map(f -> f.get("role").asText()).toList(), "replay shows tool calls and results in order");
            }
        }
    }

    @Test
    void aResultForNoPendingCallOrASecondOneIsRefusedAndNothingIsStored() throws Exception {
        try (FakeProvider model = FakeProvider.start(Answers.stream(twoCalls()));
             TestParley parley = TestParley.start(openAi(model, Map.of()));
             WsTestClient cy = parley.connect("cy")) {
            cy.expect("welcome");
            cy.send("{\"type\":\"join\",\"conversation\":\"refusals\",\"tools\":" + TOOLS + "}");
            cy.expect("joined");
            cy.send("{\"type\":\"tool_result\",\"conversation\":\"refusals\",\"toolCallId\":\"call_w1\","
                    + "\"content\":\"early\"}");
            assertEquals("not_found", cy.expect("error").get("code").asText(), "no call awaits a result yet");

            cy.send("{\"type\":\"send\",\"conversation\":\"refusals\",\"content\":\"weather?\"}");
            cy.until("RUN_FINISHED");
            cy.send("{\"type\":\"tool_result\",\"conversation\":\"refusals\",\"toolCallId\":\"call_w1\","
                    + "\"content\":\"sunny\",\"reply\":false}");
            cy.until("ack");
            cy.send("{\"type\":\"tool_result\",\"conversation\":\"refusals\",\"toolCallId\":\"call_w1\","
                    + "\"content\":\"again\",\"reply\":false}");
            JsonNode twice = cy.until("error").getLast();
            assertEquals("conflict", twice.get("code").asText());
            assertTrue(twice.get("message").asText().contains("answered already"), twice.toString());
            cy.send("{\"type\":\"tool_result\",\"conversation\":\"refusals\",\"toolCallId\":\"call_w1\","
                    + "\"content\":\"sunny\",\"id\":\"another-result\",\"reply\":false}");
            assertEquals("conflict", cy.until("error").getLast().get("code").asText(),
                    "a second result under another id");
            cy.send("{\"type\":\"tool_result\",\"conversation\":\"refusals\",\"toolCallId\":\"call_w1\","
                    + "\"content\":\"sunny\",\"reply\":false,\"ref\":\"same\"}");
            assertEquals("same", cy.until("ack").getLast().get("ref").asText(), "the same result again: its ack");
            cy.send("{\"type\":\"tool_result\",\"conversation\":\"refusals\",\"toolCallId\":\"call_nope\","
                    + "\"content\":\"x\"}");
            assertEquals("not_found", cy.until("error").getLast().get("code").asText());
            cy.send("{\"type\":\"tool_result\",\"conversation\":\"refusals\",\"content\":\"x\"}");
            assertEquals("bad_request", cy.until("error").getLast().get("code").asText());
            cy.send("{\"type\":\"join\",\"conversation\":\"refusals\",\"tools\":[{\"description\":\"nameless\"}]}");
            assertEquals("bad_request", cy.until("error").getLast().get("code").asText());

            cy.send("{\"type\":\"history\",\"conversation\":\"refusals\",\"after\":0}");
            assertEquals(List.of("user", "assistant", "tool"), strings(cy.until("history").getLast().get("messages"),
                    "role"), "only the one accepted result is stored");
            assertEquals(1, model.requestCount(), "reply: false does not start a run");
        }
    }

    @Test
    void aMemberWhoJoinsMidToolCallGetsTheCallSoFarThenTheRest() throws Exception {
        try (FakeProvider model = FakeProvider.start(Answers.streamThenHold(Sse.role(),
                Sse.toolCall(0, "call_w1", "weather", "{\"ci"), Sse.toolCall(0, null, null, "ty\":")));
             TestParley parley = TestParley.start(openAi(model, Map.of()));
             WsTestClient dee = parley.connect("dee");
             WsTestClient eve = parley.connect("eve")) {
            dee.expect("welcome");
            eve.expect("welcome");
            dee.send("{\"type\":\"join\",\"conversation\":\"midway\",\"tools\":" + TOOLS + "}");
            dee.expect("joined");
            dee.send("{\"type\":\"send\",\"conversation\":\"midway\",\"content\":\"weather?\"}");
            dee.untilCount("TOOL_CALL_ARGS", 2);

            eve.send("{\"type\":\"join\",\"conversation\":\"midway\"}");
            List<JsonNode> opening = eve.until("TOOL_CALL_ARGS");
            List<String> types = runEvents(opening).stream().map(e -> e.get("type").asText()).toList();
            assertEquals("RUN_STARTED", types.getFirst());
            assertTrue(types.contains("TOOL_CALL_START"), types.toString());
            assertEquals("{\"city\":", opening.getLast().get("delta").asText(), "the arguments so far, in one piece");

            JsonNode started = runEvents(opening).getFirst();
            dee.send("{\"type\":\"cancel\",\"run\":\"" + started.get("runId").asText() + "\"}");
            List<JsonNode> rest = eve.until("RUN_ERROR");
            assertEquals("cancelled", rest.getLast().get("code").asText());
        }
    }

    /** Two calls of {@code weather}, the first one's arguments split, then finish and usage. */
    static String[] twoCalls() {
        return new String[] {Sse.role(), Sse.toolCall(0, "call_w1", "weather", ""), Sse.toolCall(0, null, null, "{\"city\":"),
            Sse.toolCall(1, "call_w2", "weather", ""), Sse.toolCall(0, null, null, "\"Paris\"}"),
            Sse.toolCall(1, null, null, "{\"city\":\"Rome\"}"), Sse.finish("tool_calls"), Sse.usage(21, 9), Sse.DONE};
    }

    private static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asText).toList();
    }

    private static List<String> strings(JsonNode array, String field) {
        return array.valueStream().map(node -> node.path(field).asText()).toList();
    }
}

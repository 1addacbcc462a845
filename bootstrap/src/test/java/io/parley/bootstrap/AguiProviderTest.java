package io.parley.bootstrap;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.parley.adapter.out.assistant.AguiSettings;
import io.parley.adapter.out.assistant.FakeAguiAgent;

import static io.parley.adapter.out.assistant.AguiSse.event;
import static io.parley.adapter.out.assistant.AguiSse.json;
import static io.parley.adapter.out.assistant.AguiSse.run;
import static io.parley.adapter.out.assistant.AguiSse.text;
import static io.parley.bootstrap.AgUiSchema.assertRun;
import static io.parley.bootstrap.AssistantOverWebSocketTest.runEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole service with the {@code agui} provider against a real AG-UI agent server on loopback: every member
 * sees the agent's run as Parley's own events, the reply is stored and replayed, the agent's state changes become
 * the conversation's, and an agent that breaks the AG-UI rules ends its run with {@code upstream_error}.
 */
class AguiProviderTest {
    private static final String TOOLS = "[{\"name\":\"weather\",\"description\":\"the weather in a city\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}]";

    @Test
    void membersSeeTheAgentsRunTheReplyIsStoredAndALateJoinerGetsIt() throws Exception {
        try (FakeAguiAgent agent = FakeAguiAgent.start(FakeAguiAgent.run(run(
                event("STEP_STARTED", "stepName", "think"), event("STEP_FINISHED", "stepName", "think"),
                text("up-1", "Let me ", "check."),
                event("TOOL_CALL_START", "toolCallId", "call_p", "toolCallName", "weather"),
                event("TOOL_CALL_ARGS", "toolCallId", "call_p", "delta", "{\"city\":"),
                event("TOOL_CALL_ARGS", "toolCallId", "call_p", "delta", "\"Paris\"}"),
                event("TOOL_CALL_END", "toolCallId", "call_p"))));
             TestParley parley = TestParley.start(agui(agent));
             WsTestClient gil = parley.connect("gil");
             WsTestClient hana = parley.connect("hana")) {
            gil.expect("welcome");
            hana.expect("welcome");
            gil.send("{\"type\":\"join\",\"conversation\":\"outing\",\"tools\":" + TOOLS + "}");
            gil.expect("joined");
            hana.join("outing");
            gil.send("{\"type\":\"send\",\"conversation\":\"outing\",\"content\":\"weather in Paris?\"}");

            for (WsTestClient member : List.of(hana, gil)) {
                List<JsonNode> frames = member.until("RUN_FINISHED");
                List<JsonNode> events = runEvents(frames);
                assertRun(events);
                assertEquals("Let me check.", AgUiSchema.text(events));
                assertEquals(List.of("{\"city\":", "\"Paris\"}"), deltas(events, "TOOL_CALL_ARGS"));
                assertEquals("weather", only(events, "TOOL_CALL_START").get("toolCallName").asText());
                JsonNode finished = events.getLast();
                assertEquals("call_p", finished.at("/outcome/pendingToolCallIds/0").asText());
                assertEquals("agui", finished.at("/result/provider").asText());
                assertEquals("agent", finished.at("/result/model").asText());
                assertTrue(events.stream().noneMatch(e -> e.get("stepName") != null
                        && e.get("stepName").asText().equals("think")), "the agent's own steps are not relayed");
            }
            JsonNode input = agent.input(0);
            assertEquals("outing", input.get("threadId").asText());
            assertEquals("weather in Paris?", input.at("/messages/0/content").asText());
            assertEquals("weather", input.at("/tools/0/name").asText(), "the join's tools reach the agent");

            gil.send("{\"type\":\"history\",\"conversation\":\"outing\"}");
            JsonNode stored = gil.until("history").getLast().at("/messages/1");
            assertEquals("Let me check.", stored.get("content").asText());
            assertEquals("call_p", stored.at("/toolCalls/0/id").asText());
            assertEquals("{\"city\":\"Paris\"}", stored.at("/toolCalls/0/function/arguments").asText());

            try (WsTestClient late = parley.connect("cy")) {
                late.expect("welcome");
                late.send("{\"type\":\"join\",\"conversation\":\"outing\",\"since\":1}");
                late.expect("joined");
                JsonNode replayed = late.expect("message");
                assertEquals("assistant", replayed.get("role").asText());
                assertEquals("Let me check.", replayed.get("content").asText());
                assertEquals("weather", replayed.at("/toolCalls/0/function/name").asText());
            }
        }
    }

    @Test
    void theAgentsStateDeltaBecomesTheConversationsStateForLaterMembersAndRuns() throws Exception {
        try (FakeAguiAgent agent = FakeAguiAgent.start(FakeAguiAgent.run(run(
                event("STATE_DELTA", "delta", json("[{\"op\":\"add\",\"path\":\"/city\",\"value\":\"Lyon\"}]")),
                text("up-1", "Planned."))));
             TestParley parley = TestParley.start(agui(agent));
             WsTestClient dee = parley.connect("dee")) {
            dee.expect("welcome");
            dee.join("plan");
            dee.send("{\"type\":\"send\",\"conversation\":\"plan\",\"content\":\"plan Lyon\"}");
            List<JsonNode> events = runEvents(dee.until("RUN_FINISHED"));
            assertRun(events);
            JsonNode delta = only(events, "STATE_DELTA");
            assertEquals(1, delta.get("version").asLong());
            assertEquals("/city", delta.at("/delta/0/path").asText());

            try (WsTestClient eve = parley.connect("eve")) {
                eve.expect("welcome");
                eve.join("plan");
                JsonNode snapshot = eve.expect("STATE_SNAPSHOT");
                assertEquals("Lyon", snapshot.at("/snapshot/city").asText(), "the agent changed the state");
                assertEquals(1, snapshot.get("version").asLong());
            }
            dee.send("{\"type\":\"send\",\"conversation\":\"plan\",\"content\":\"and tomorrow?\"}");
            dee.until("RUN_FINISHED");
            assertEquals("Lyon", agent.input(1).at("/state/city").asText(), "the next run gets the state back");
        }
    }

    @Test
    void anAgentThatBreaksTheRulesEndsTheRunWithUpstreamErrorAndNothingIsStored() throws Exception {
        try (FakeAguiAgent agent = FakeAguiAgent.start(FakeAguiAgent.run(run(text("up-1", "Hi").subList(0, 2),
                event("TOOL_CALL_ARGS", "toolCallId", "call_x", "delta", "{}"))));
             TestParley parley = TestParley.start(agui(agent));
             WsTestClient fay = parley.connect("fay")) {
            fay.expect("welcome");
            fay.join("broken");
            fay.send("{\"type\":\"send\",\"conversation\":\"broken\",\"content\":\"hi\"}");
            List<JsonNode> events = runEvents(fay.until("RUN_ERROR"));
            assertRun(events);
            assertEquals("upstream_error", events.getLast().get("code").asText());
            fay.send("{\"type\":\"history\",\"conversation\":\"broken\"}");
            assertEquals(1, fay.until("history").getLast().get("messages").size(), "only the user's message");
        }
    }

    @Test
    void theAgentNeedsAnHttpUrlAndNoModelNameWhileOpenAiKeepsItsDefaults() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SettingsLoader.load(Map.of("PARLEY_LLM_PROVIDER", "agui")));
        assertTrue(missing.getMessage().contains("PARLEY_LLM_BASE_URL") && missing.getMessage().contains("not set"),
                missing.getMessage());
        IllegalArgumentException ftp = assertThrows(IllegalArgumentException.class, () -> SettingsLoader.load(
                Map.of("PARLEY_LLM_PROVIDER", "agui", "PARLEY_LLM_BASE_URL", "ftp://127.0.0.1/agent")));
        assertTrue(ftp.getMessage().contains("http(s)") && ftp.getMessage().contains("ftp://127.0.0.1/agent"),
                ftp.getMessage());

        ParleySettings.Assistant agent = SettingsLoader.load(Map.of("PARLEY_LLM_PROVIDER", "agui",
                "PARLEY_LLM_BASE_URL", "http://127.0.0.1:8000/agent")).assistant();
        AguiSettings settings = assertInstanceOf(AguiSettings.class, AssistantWiring.settings(agent));
        assertEquals("http://127.0.0.1:8000/agent", settings.endpoint().toString());
        assertEquals("agent", settings.model());

        ParleySettings.Assistant openAi = SettingsLoader.load(Map.of("PARLEY_LLM_PROVIDER", "openai")).assistant();
        assertEquals("https://api.openai.com/v1", openAi.baseUrl());
        assertEquals("gpt-4o-mini", openAi.model());
    }

    private static Map<String, String> agui(FakeAguiAgent agent) {
        return Map.of("PARLEY_LLM_PROVIDER", "agui", "PARLEY_LLM_BASE_URL", agent.endpoint().toString(),
                "PARLEY_LLM_RETRY_DELAY", "10ms");
    }

    private static List<String> deltas(List<JsonNode> events, String type) {
        return events.stream().filter(e -> e.get("type").asText().equals(type))
                .map(e -> e.get("delta").asText()).toList();
    }

    private static JsonNode only(List<JsonNode> events, String type) {
        List<JsonNode> matching = events.stream().filter(e -> e.get("type").asText().equals(type)).toList();
        assertEquals(1, matching.size(), () -> "one " + type + " in " + events);
        return matching.getFirst();
    }
}

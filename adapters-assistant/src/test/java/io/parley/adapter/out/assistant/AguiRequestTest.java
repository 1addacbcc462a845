package io.parley.adapter.out.assistant;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.parley.application.port.out.AssistantPrompt;
import io.parley.application.port.out.RunCancellation;
import io.parley.domain.conversation.Tool;

import static io.parley.adapter.out.assistant.Conversation.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an AG-UI agent receives: a {@code RunAgentInput} POSTed to its endpoint as it is, with the conversation's
 * history (tool calls and their results, no reasoning), the front end's tools and the shared state.
 */
class AguiRequestTest {
    private static final Tool WEATHER = new Tool("weather", "the weather in a city",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}", "{\"ui\":\"card\"}");

    private FakeAguiAgent agent;

    @BeforeEach
    void start() throws IOException {
        agent = FakeAguiAgent.start(FakeAguiAgent.run(AguiSse.textRun("ok")));
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void theHistoryWithToolCallsAndResultsTheToolsAndTheStateAreSent() {
        AssistantPrompt asked = Conversation.of()
                .user("weather in Paris and Rome?")
                .reasonedAssistant("two cities", "", call("c1", "weather", "{\"city\":\"Paris\"}"),
                        call("c2", "weather", ""))
                .result("c1", "sunny")
                .result("c2", "rain")
                .assistant("Sunny in Paris, rain in Rome.")
                .offering(WEATHER)
                .offering(new Tool("clock", "", "", ""))
                .prompt();
        JsonNode input = send(new AssistantPrompt(asked.conversation(), asked.runId(), asked.context(),
                asked.tools(), "{\"city\":\"Lyon\"}"), Fixtures.agui(agent.endpoint(), Fixtures.resilience()));

        assertEquals("team-chat", input.get("threadId").asText());
        assertEquals("run-agent", input.get("runId").asText());
        assertEquals(AguiSse.json("""
                [{"id":"m1","role":"user","content":"weather in Paris and Rome?"},
                 {"id":"m2","role":"assistant","toolCalls":[
                   {"id":"c1","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                   {"id":"c2","type":"function","function":{"name":"weather","arguments":"{}"}}]},
                 {"id":"m3","role":"tool","content":"sunny","toolCallId":"c1"},
                 {"id":"m4","role":"tool","content":"rain","toolCallId":"c2"},
                 {"id":"m5","role":"assistant","content":"Sunny in Paris, rain in Rome."}]"""),
                input.get("messages"), "no reasoning goes back");
        assertEquals(AguiSse.json("""
                [{"name":"weather","description":"the weather in a city",
                  "parameters":{"type":"object","properties":{"city":{"type":"string"}}},"metadata":{"ui":"card"}},
                 {"name":"clock","description":""}]"""), input.get("tools"));
        assertEquals(AguiSse.json("{\"city\":\"Lyon\"}"), input.get("state"));
        assertEquals(AguiSse.json("[]"), input.get("context"));
        assertEquals(AguiSse.json("{}"), input.get("forwardedProps"));
    }

    @Test
    void theRequestGoesToTheEndpointAsItIsAsAnEventStreamWithTheKey() {
        send(Fixtures.prompt("hello"), Fixtures.agui(agent.endpoint(), Fixtures.resilience()));

        FakeProvider.Received request = agent.request(0);
        assertEquals("/agent", request.path());
        assertEquals("text/event-stream", request.headers().getFirst("Accept"));
        assertTrue(request.headers().getFirst("Content-Type").startsWith("application/json"));
        assertEquals("Bearer test-key", request.headers().getFirst("Authorization"));
        assertEquals("run-1", request.headers().getFirst("X-Request-Id"));
    }

    @Test
    void withoutStateOrKeyTheStateIsEmptyAndNoAuthorizationIsSent() {
        JsonNode input = send(Fixtures.prompt("hello"), AguiSettings.of(agent.endpoint()));

        assertEquals(AguiSse.json("{}"), input.get("state"));
        assertEquals(AguiSse.json("[]"), input.get("tools"));
        assertEquals(List.of("user"), input.get("messages").findValuesAsText("role"));
        assertFalse(agent.request(0).headers().containsKey("Authorization"));
    }

    private JsonNode send(AssistantPrompt prompt, AguiSettings settings) {
        try (AssistantAdapter assistant = Assistants.create(settings)) {
            assistant.reply(prompt, text -> { }, new RunCancellation());
        }
        return agent.input(0);
    }
}

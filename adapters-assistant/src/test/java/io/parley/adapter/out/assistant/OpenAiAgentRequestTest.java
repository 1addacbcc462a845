package io.parley.adapter.out.assistant;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.parley.application.port.out.AssistantPrompt;
import io.parley.application.port.out.RunCancellation;
import io.parley.domain.conversation.Tool;
import io.parley.domain.testing.LogCapture;

import static io.parley.adapter.out.assistant.Conversation.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * What an agent's run asks the provider, as the fake provider receives it: tools as functions, the usage asked
 * for, tool calls and results in the messages, and calls and results that the context's cut parted left out.
 */
class OpenAiAgentRequestTest {
    private static final String WEATHER = "{\"city\":\"Paris\"}";

    private FakeProvider provider;
    private AssistantAdapter assistant;

    @BeforeEach
    void start() throws IOException {
        provider = FakeProvider.start(Answers.stream(Sse.reply("ok")));
        assistant = Assistants.create(Fixtures.openAi(provider.baseUrl(), Fixtures.resilience()));
    }

    @AfterEach
    void stop() {
        assistant.close();
        provider.close();
    }

    @Test
    void theToolsGoAsFunctionsWithTheirSchemaAndWithoutTheirMetadata() {
        JsonNode body = sent(Conversation.of().user("weather?")
                .offering(new Tool("get_weather", "The weather in a city",
                        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}", "{\"ui\":\"card\"}"))
                .offering(new Tool("now", "", "", "")).prompt());

        assertEquals("[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"description\":\"The weather in a city\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}},"
                + "{\"type\":\"function\",\"function\":{\"name\":\"now\"}}]", body.path("tools").toString());
    }

    @Test
    void aToolWhoseParametersAreNotAJsonObjectGoesWithoutThemAndIsLogged() {
        try (LogCapture logs = LogCapture.of(Assistants.class.getPackageName())) {
            JsonNode body = sent(Conversation.of().user("hi").offering(new Tool("broken", "", "{nope", "")).prompt());

            assertEquals("{\"name\":\"broken\"}", body.path("tools").path(0).path("function").toString());
            assertEquals(1, logs.lines("event=assistant_tool_parameters_unreadable", "run=run-agent",
                    "tool=broken").size(), logs.lines().toString());
        }
    }

    @Test
    void aPromptWithoutToolsSendsNoToolsAndAsksForTheUsage() {
        JsonNode body = sent(Conversation.of().user("hi").prompt());

        assertFalse(body.has("tools"));
        assertEquals("{\"include_usage\":true}", body.path("stream_options").toString());
    }

    @Test
    void toolCallsAndTheirResultsGoInTheMessagesWithoutTheReasoning() {
        JsonNode body = sent(Conversation.of().user("weather and time?")
                .reasonedAssistant("I need two tools", "", call("call_a", "get_weather", WEATHER),
                        call("call_b", "now", ""))
                .result("call_a", "sunny")
                .result("call_b", "10:00")
                .reasonedAssistant("Both answered", "Sunny, and it is ten.")
                .prompt());

        assertEquals("[{\"role\":\"system\",\"content\":\"You are terse.\"},"
                + "{\"role\":\"user\",\"content\":\"weather and time?\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                + "{\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}},"
                + "{\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"now\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_a\",\"content\":\"sunny\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_b\",\"content\":\"10:00\"},"
                + "{\"role\":\"assistant\",\"content\":\"Sunny, and it is ten.\"}]", body.path("messages").toString());
    }

    @Test
    void aToolResultWhoseCallWasCutOffIsLeftOut() {
        JsonNode body = sent(Conversation.of().result("call_gone", "sunny").user("thanks").prompt());

        assertEquals("[{\"role\":\"system\",\"content\":\"You are terse.\"},"
                + "{\"role\":\"user\",\"content\":\"thanks\"}]", body.path("messages").toString());
    }

    @Test
    void aCallWhoseResultIsMissingIsLeftOutOfAnAssistantMessageThatKeepsItsTextAndAnsweredCalls() {
        JsonNode body = sent(Conversation.of().user("weather?")
                .assistant("Let me look.", call("call_a", "get_weather", WEATHER), call("call_b", "now", "{}"))
                .result("call_a", "sunny")
                .prompt());

        JsonNode asked = body.path("messages").path(2);
        assertEquals("Let me look.", asked.path("content").asText());
        assertEquals(1, asked.path("tool_calls").size());
        assertEquals("call_a", asked.path("tool_calls").path(0).path("id").asText());
        assertEquals("tool", body.path("messages").path(3).path("role").asText());
        assertEquals(4, body.path("messages").size());
    }

    @Test
    void anAssistantMessageLeftWithNeitherTextNorAnsweredCallIsLeftOut() {
        JsonNode body = sent(Conversation.of().user("weather?")
                .assistant("", call("call_a", "get_weather", WEATHER))
                .user("never mind")
                .prompt());

        assertEquals("[{\"role\":\"system\",\"content\":\"You are terse.\"},"
                + "{\"role\":\"user\",\"content\":\"weather?\"},"
                + "{\"role\":\"user\",\"content\":\"never mind\"}]", body.path("messages").toString());
    }

    private JsonNode sent(AssistantPrompt prompt) {
        assistant.reply(prompt, text -> { }, new RunCancellation());
        return provider.request(0).json();
    }
}

package io.parley.bootstrap;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.parley.adapter.out.assistant.Answers;
import io.parley.adapter.out.assistant.FakeProvider;
import io.parley.adapter.out.assistant.Sse;

import static io.parley.bootstrap.AgUiSchema.assertRun;
import static io.parley.bootstrap.AssistantOverWebSocketTest.runEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole service with the {@code openai} provider against a real OpenAI-compatible server on loopback,
 * scripted per case: what members see when the model streams, refuses, or keeps failing.
 */
class AssistantProviderTest {

    @Test
    void aStreamingModelsPiecesReachMembersAsTheyComeAndTheReplyIsStored() throws Exception {
        try (FakeProvider model = FakeProvider.start(Answers.stream(Sse.reply("Hel", "lo ", "wörld")));
             TestParley parley = TestParley.start(openAi(model, Map.of()));
             WsTestClient gus = parley.connect("gus")) {
            gus.expect("welcome");
            gus.join("model");
            gus.send("{\"type\":\"send\",\"conversation\":\"model\",\"content\":\"say hello\"}");
            List<JsonNode> frames = gus.until("RUN_FINISHED");
            List<JsonNode> run = runEvents(frames);
            assertRun(run);
            assertEquals(List.of("Hel", "lo ", "wörld"), run.stream()
                    .filter(e -> e.get("type").asText().equals("TEXT_MESSAGE_CONTENT"))
                    .map(e -> e.get("delta").asText()).toList());
            assertEquals("openai", run.getLast().at("/result/provider").asText());
            assertEquals("Hello wörld", frames.stream().filter(f -> f.path("type").asText().equals("message"))
                    .filter(f -> f.get("role").asText().equals("assistant")).findFirst().orElseThrow()
                    .get("content").asText());
            assertTrue(model.request(0).body().contains("say hello"), "the model got the conversation");
        }
    }

    @Test
    void aModelThatRefusesEndsTheRunWithRunErrorAndNothingIsStored() throws Exception {
        try (FakeProvider model = FakeProvider.start(Answers.status(400,
                "{\"error\":{\"message\":\"model not found\",\"type\":\"invalid_request_error\"}}"));
             TestParley parley = TestParley.start(openAi(model, Map.of()));
             WsTestClient hal = parley.connect("hal")) {
            hal.expect("welcome");
            hal.join("refused");
            hal.send("{\"type\":\"send\",\"conversation\":\"refused\",\"content\":\"hi\"}");
            List<JsonNode> run = runEvents(hal.until("RUN_ERROR"));
            assertRun(run);
            assertEquals("upstream_error", run.getLast().get("code").asText());
            assertFalse(run.getLast().get("message").asText().contains("model not found"),
                    "members are not told the provider's own words (the log is)");
            hal.send("{\"type\":\"history\",\"conversation\":\"refused\"}");
            assertEquals(1, hal.expect("history").get("messages").size());
        }
    }

    @Test
    void whenTheCircuitOpensRunsFailFastWithoutCallingTheModelAndReadinessGoesDown() throws Exception {
        try (FakeProvider model = FakeProvider.start(Answers.status(503, "{\"error\":{\"message\":\"overloaded\"}}"));
             TestParley parley = TestParley.start(openAi(model, Map.of("PARLEY_LLM_RETRIES", "0",
                     "PARLEY_LLM_BREAKER_FAILURES", "2", "PARLEY_LLM_BREAKER_OPEN_FOR", "1m")));
             WsTestClient ida = parley.connect("ida")) {
            ida.expect("welcome");
            ida.join("down");
            for (int i = 0; i < 2; i++) {
                ida.send("{\"type\":\"send\",\"conversation\":\"down\",\"content\":\"try " + i + "\"}");
                assertEquals("unavailable", runEvents(ida.until("RUN_ERROR")).getLast().get("code").asText());
            }
            int calls = model.requestCount();
            assertEquals(2, calls);

            ida.send("{\"type\":\"send\",\"conversation\":\"down\",\"content\":\"once more\"}");
            JsonNode error = runEvents(ida.until("RUN_ERROR")).getLast();
            assertEquals("unavailable", error.get("code").asText());
            assertEquals(calls, model.requestCount(), "the open circuit answered without calling the model");

            assertEquals(503, parley.get("/observe/health").statusCode());
            assertTrue(parley.get("/observe/health").body().contains("\"circuit\":\"open\""));
            assertTrue(parley.get("/observe/metrics").body().contains("parley_llm_circuit_state{scope=\"application\",} 2.0"));
        }
    }

    static Map<String, String> openAi(FakeProvider model, Map<String, String> more) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("PARLEY_LLM_PROVIDER", "openai",
                "PARLEY_LLM_BASE_URL", model.baseUrl().toString(), "PARLEY_LLM_MODEL", "test-model",
                "PARLEY_LLM_RETRY_DELAY", "10ms"));
        env.putAll(more);
        return env;
    }
}

package io.parley.bootstrap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.parley.adapter.out.assistant.Answers;
import io.parley.adapter.out.assistant.FakeProvider;
import io.parley.adapter.out.assistant.Sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /agui} driven by the real AG-UI TypeScript {@code HttpAgent} ({@code @ag-ui/client} from npm),
 * which validates every event against the AG-UI schema and the run's sequence. Needs Node.js and npm.
 */
class AguiHttpAgentIT {

    @Test
    void theAgUiHttpAgentRunsAgainstAguiAsIsAndMembersSeeTheSameRuns() throws Exception {
        Path work = checkDirectory();

        try (TestParley parley = TestParley.start(Map.of("PARLEY_LLM_ECHO_DELAY", "5ms"));
             WsTestClient bob = parley.connect("bob")) {
            bob.expect("welcome");
            bob.join("agui-thread");

            String out = run(work, 120, "node", "agui-check.mjs",
                    "http://127.0.0.1:" + parley.port() + "/agui?user=alice", "agui-thread");
            JsonNode seen = WsTestClient.JSON.readTree(out.substring(out.indexOf('{')));

            for (String run : List.of("first", "second")) {
                List<String> types = new ArrayList<>();
                seen.at("/" + run + "/events").forEach(e -> types.add(e.get("type").asText()));
                assertEquals("RUN_STARTED", types.getFirst(), run);
                assertEquals("RUN_FINISHED", types.getLast(), run);
                assertTrue(types.contains("TEXT_MESSAGE_CONTENT"), run);
            }
            JsonNode reply = seen.at("/second/newMessages/0");
            assertEquals("assistant", reply.get("role").asText());
            assertTrue(reply.get("content").asText().contains("and once more"), reply.toString());

            List<JsonNode> bobsFrames = bob.untilCount("RUN_FINISHED", 2);
            assertEquals(4, bobsFrames.stream().filter(f -> f.path("type").asText().equals("message")).count(),
                    "two user messages and two replies, each stored once although the agent resends its history");
        }
    }

    @Test
    void theAgUiHttpAgentCallsToolsSeesReasoningAndStateAndResumesAnInterruptWithoutAVerifierError()
            throws Exception {
        Path work = checkDirectory();
        try (FakeProvider model = FakeProvider.start(Answers.stream(AgentToolsTest.twoCalls()),
                Answers.stream(Sse.role(), Sse.reasoning("Paris first, "), Sse.reasoning(
                        "then Rome."), Sse.text("Sunny in Paris, "), Sse.text("rain in Rome."), Sse.finish("stop"),
                        Sse.DONE), Answers.stream(AgentInterruptsTest.transferCall()),
                Answers.stream(Sse.reply("Sent.")));
             TestParley parley = TestParley.start(AssistantProviderTest.openAi(model, Map.of()));
             WsTestClient bob = parley.connect("bob")) {
            bob.expect("welcome");
            bob.join("agui-tools");
            bob.send("{\"type\":\"state\",\"conversation\":\"agui-tools\",\"version\":0,\"patch\":"
                    + "[{\"op\":\"add\",\"path\":\"/trip\",\"value\":\"Paris\"}]}");
            bob.until("ack");

            String out = run(work, 120, "node", "agui-tools.mjs",
                    "http://127.0.0.1:" + parley.port() + "/agui?user=alice", "agui-tools");
            JsonNode seen = WsTestClient.JSON.readTree(out.substring(out.indexOf('{')));

            assertEquals(List.of("call_w1", "call_w2"), seen.at("/first/pending").valueStream()
                    .map(JsonNode::asText).toList(), "the run left both calls to the front end");
            assertEquals("{\"city\":\"Paris\"}", seen.at("/calls/0/function/arguments").asText());
            List<String> second = new ArrayList<>();
            seen.at("/second/events").forEach(e -> second.add(e.get("type").asText()));
            assertTrue(second.containsAll(List.of("REASONING_START", "REASONING_MESSAGE_CONTENT", "REASONING_END",
                    "TEXT_MESSAGE_CONTENT")), second.toString());
            assertTrue(second.indexOf("REASONING_END") < second.indexOf("TEXT_MESSAGE_START"),
                    "reasoning comes apart, before the answer");
            JsonNode toModel = WsTestClient.JSON.readTree(model.request(0).body());
            assertEquals("weather", toModel.at("/tools/0/function/name").asText(), "RunAgentInput.tools reach it");
            assertTrue(model.request(1).body().contains("\"tool_call_id\":\"call_w2\""), "and the results too");

            assertEquals("Paris", seen.at("/state/trip").asText(), "the shared state reached the agent");
            assertEquals("interrupt", lastOf(seen.at("/third/events")).at("/outcome/type").asText());
            assertEquals("approve-call_t1", seen.at("/interrupts/0/id").asText());
            assertEquals("success", lastOf(seen.at("/fourth/events")).at("/outcome/type").asText());
            assertTrue(model.request(3).body().contains("approvedBy"), "the resume's payload reached the model");

            List<JsonNode> bobsFrames = bob.untilCount("RUN_FINISHED", 4);
            assertEquals(List.of("user", "assistant", "tool", "tool", "assistant", "user", "assistant", "tool",
                    "assistant"), bobsFrames.stream()
                    .filter(f -> f.path("type").asText().equals("message")).map(f -> f.get("role").asText())
                    .toList(), "stored once each, in order, although the agent resends its history");
            JsonNode answer = bobsFrames.stream().filter(f -> f.path("type").asText().equals("message"))
                    .toList().get(4);
            assertEquals("Paris first, then Rome.", answer.get("reasoning").asText(), "reasoning stored apart");
            assertEquals("Sunny in Paris, rain in Rome.", answer.get("content").asText());
        }
    }

    private static JsonNode lastOf(JsonNode events) {
        return events.get(events.size() - 1);
    }

    /** The npm project with the official client, installed once per build. */
    private static Path checkDirectory() throws IOException, InterruptedException {
        Path work = Files.createDirectories(Path.of("target", "agui-check"));
        for (String file : List.of("package.json", "package-lock.json", "agui-check.mjs", "agui-tools.mjs")) {
            Files.copy(Path.of("src", "test", "agui", file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(work.resolve("node_modules").resolve("@ag-ui"))) {
            run(work, 300, "npm", "ci", "--no-audit", "--no-fund");
        }
        return work;
    }

    private static String run(Path dir, int seconds, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(seconds, TimeUnit.SECONDS), String.join(" ", command) + " took too long");
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), () -> String.join(" ", command) + " failed:\n" + text);
        return text;
    }
}

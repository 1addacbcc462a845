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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /agui} driven by the real AG-UI TypeScript {@code HttpAgent} ({@code @ag-ui/client} from npm),
 * which validates every event against the AG-UI schema and the run's sequence. Needs Node.js and npm.
 */
class AguiHttpAgentIT {

    @Test
    void theAgUiHttpAgentRunsAgainstAguiAsIsAndMembersSeeTheSameRuns() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "agui-check"));
        for (String file : List.of("package.json", "package-lock.json", "agui-check.mjs")) {
            Files.copy(Path.of("src", "test", "agui", file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        run(work, 300, "npm", "ci", "--no-audit", "--no-fund");

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

    private static String run(Path dir, int seconds, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(seconds, TimeUnit.SECONDS), String.join(" ", command) + " took too long");
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), () -> String.join(" ", command) + " failed:\n" + text);
        return text;
    }
}

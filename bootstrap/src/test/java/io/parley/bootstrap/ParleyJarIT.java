package io.parley.bootstrap;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.parley.application.testing.Eventually;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar, run as the README says ({@code java -jar bootstrap/target/parley.jar}) with no other setup:
 * a client chats with it, then SIGTERM drains it.
 */
class ParleyJarIT {
    private static final Pattern STARTED = Pattern.compile("event=started .*port=(\\d+)");

    @Test
    void theJarRunsWithNoSetupServesAChatAndStopsGracefullyOnSigterm(@TempDir Path workDir) throws Exception {
        Path jar = Path.of(System.getProperty("parley.jar"));
        assertTrue(Files.isRegularFile(jar), "package the jar first: " + jar);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-jar", jar.toAbsolutePath().toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true);
        builder.environment().put("PARLEY_PORT", "0");
        Process process = builder.start();
        List<String> log = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                reader.lines().forEach(log::add);
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        try {
            try {
                Eventually.until("the service starts", () -> log.stream().anyMatch(l -> STARTED.matcher(l).find()));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; its output:\n" + String.join("\n", log), e);
            }
            Matcher started = log.stream().map(STARTED::matcher).filter(Matcher::find).findFirst().orElseThrow();
            int port = Integer.parseInt(started.group(1));

            try (WsTestClient alice = WsTestClient.connect(port, "user=alice", Map.of());
                 WsTestClient bob = WsTestClient.connect(port, "user=bob", Map.of())) {
                alice.expect("welcome");
                bob.expect("welcome");
                alice.join("general");
                bob.join("general");
                alice.send("{\"type\":\"send\",\"conversation\":\"general\",\"content\":\"hello bob\",\"reply\":false}");
                JsonNode received = bob.expect("message");
                assertEquals("hello bob", received.get("content").asText());
                assertEquals("alice", received.get("sender").asText());

                alice.send("{\"type\":\"send\",\"conversation\":\"general\",\"content\":\"hello\"}");
                java.util.List<JsonNode> run = bob.until("RUN_FINISHED");
                JsonNode reply = run.stream().filter(f -> f.path("type").asText().equals("message"))
                        .filter(f -> f.path("role").asText().equals("assistant")).findFirst().orElseThrow();
                assertTrue(reply.get("content").asText().startsWith("Echo assistant (offline"), reply.toString());
                assertTrue(run.stream().filter(f -> f.path("type").asText().equals("TEXT_MESSAGE_CONTENT")).count() > 3,
                        "the echo assistant's reply streams in, piece by piece");

                process.toHandle().destroy(); // SIGTERM, keeping our end of its output open

                assertEquals(1001, bob.awaitClose().code());
            }
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the service stops");
            Eventually.until("the stop is logged", () -> log.stream().anyMatch(l -> l.contains("event=stopped")));
            assertTrue(log.stream().anyMatch(l -> l.contains("event=disconnect") && l.contains("code=1001")),
                    String.join("\n", log));
        } finally {
            process.destroyForcibly();
        }
    }
}

package io.parley.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings come from application.yaml, a PARLEY_CONFIG file and the environment, in rising priority. */
class SettingsLoaderTest {

    @Test
    void theDefaultsAreTheProtocols() {
        ParleySettings s = SettingsLoader.load(Map.of("HOSTNAME", "box-1"));
        assertEquals(8080, s.server().port());
        assertEquals("box-1", s.server().nodeId());
        assertEquals("dev", s.security().authMode());
        assertEquals(Optional.empty(), s.security().apiKey());
        assertEquals(List.of(), s.security().allowedOrigins());
        assertEquals(new ParleySettings.Heartbeat(Duration.ofSeconds(25), Duration.ofSeconds(10), Duration.ofHours(1)),
                s.heartbeat());
        assertEquals(new ParleySettings.Connections(1000, 5, 100, 60, Duration.ofSeconds(5), 128, 2000), s.connections());
        assertEquals(new ParleySettings.RateLimits(20, 100, 30), s.rateLimits());
        assertEquals(new ParleySettings.Sizes(65536, 10 * 1024 * 1024, 1024 * 1024, 4 * 1024 * 1024, 64 * 1024), s.sizes());
        assertEquals(new ParleySettings.Delivery(Duration.ofSeconds(2), 16 * 1024, 64 * 1024), s.delivery());
        assertEquals(Duration.ofSeconds(10), s.timeouts().header());
        assertEquals(new ParleySettings.Requests(50, 100, 1024 * 1024), s.requests());
    }

    @Test
    void environmentVariablesOverrideTheDefaults() {
        ParleySettings s = SettingsLoader.load(Map.ofEntries(
                Map.entry("PARLEY_PORT", "9090"),
                Map.entry("PARLEY_NODE_ID", "n7"),
                Map.entry("PARLEY_API_KEY", "k"),
                Map.entry("PARLEY_ALLOWED_ORIGINS", "https://a.example, https://b.example"),
                Map.entry("PARLEY_TRUSTED_PROXIES", "10.0.0.0/8"),
                Map.entry("PARLEY_HEARTBEAT_INTERVAL", "250ms"),
                Map.entry("PARLEY_HEARTBEAT_TIMEOUT", "PT2S"),
                Map.entry("PARLEY_IDLE_TIMEOUT", "5m"),
                Map.entry("PARLEY_MAX_CONNECTIONS", "10"),
                Map.entry("PARLEY_MAX_CONNECTIONS_PER_CLIENT", "3"),
                Map.entry("PARLEY_MESSAGES_PER_SECOND", "7"),
                Map.entry("PARLEY_HTTP_REQUESTS_PER_MINUTE", "60"),
                Map.entry("PARLEY_MAX_MESSAGE_BYTES", "1KiB"),
                Map.entry("PARLEY_MAX_UPLOAD_BYTES", "2MiB"),
                Map.entry("PARLEY_OUTBOUND_QUEUE_BYTES", "4096"),
                Map.entry("PARLEY_MAX_REQUEST_BODY_BYTES", "1MiB"),
                Map.entry("PARLEY_GAP_PATIENCE", "500ms"),
                Map.entry("PARLEY_MERGE_AFTER_BYTES", "1KiB"),
                Map.entry("PARLEY_WRITE_BATCH_BYTES", "8KiB"),
                Map.entry("PARLEY_MAX_JOINS_PER_CONNECTION", "2"),
                Map.entry("PARLEY_NEW_CONVERSATIONS_PER_MINUTE", "3"),
                Map.entry("PARLEY_HEADER_TIMEOUT", "1s"),
                Map.entry("PARLEY_MAX_SOCKETS", "25"),
                Map.entry("PARLEY_AGUI_MAX_NEW_MESSAGES", "4"),
                Map.entry("PARLEY_MAX_EVENTS_PER_REQUEST", "5"),
                Map.entry("PARLEY_MAX_EVENTS_BYTES", "2KiB")));
        assertEquals(9090, s.server().port());
        assertEquals("n7", s.server().nodeId());
        assertEquals(Optional.of("k"), s.security().apiKey());
        assertEquals(List.of("https://a.example", "https://b.example"), s.security().allowedOrigins());
        assertEquals(List.of("10.0.0.0/8"), s.security().trustedProxies());
        assertEquals(new ParleySettings.Heartbeat(Duration.ofMillis(250), Duration.ofSeconds(2), Duration.ofMinutes(5)),
                s.heartbeat());
        assertEquals(10, s.connections().maxTotal());
        assertEquals(3, s.connections().maxPerClient());
        assertEquals(new ParleySettings.RateLimits(7, 60, 3), s.rateLimits());
        assertEquals(new ParleySettings.Sizes(1024, 2 * 1024 * 1024, 4096, 1024 * 1024, 64 * 1024), s.sizes());
        assertEquals(new ParleySettings.Delivery(Duration.ofMillis(500), 1024, 8 * 1024), s.delivery());
        assertEquals(new ParleySettings.Connections(10, 3, 100, 60, Duration.ofSeconds(5), 2, 25), s.connections());
        assertEquals(Duration.ofSeconds(1), s.timeouts().header());
        assertEquals(new ParleySettings.Requests(4, 5, 2048), s.requests());
    }

    @Test
    void boundsThatCannotHoldTogetherAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SettingsLoader.load(Map.of(
                "PARLEY_MAX_MESSAGE_BYTES", "64KiB", "PARLEY_OUTBOUND_QUEUE_BYTES", "100KiB")));
        assertThrows(IllegalArgumentException.class, () -> SettingsLoader.load(Map.of(
                "PARLEY_MAX_CONNECTIONS", "10", "PARLEY_MAX_SOCKETS", "10")));
    }

    @Test
    void webhooksNeedASecretAndTheJdbcStoreAndUploadSettingsTheirBounds() {
        assertThrows(IllegalArgumentException.class, () -> SettingsLoader.load(Map.of(
                "PARLEY_WEBHOOK_URL", "http://127.0.0.1:9/hook")), "no secret");
        assertThrows(IllegalArgumentException.class, () -> SettingsLoader.load(Map.of(
                "PARLEY_WEBHOOK_URL", "http://127.0.0.1:9/hook", "PARLEY_WEBHOOK_SECRET", "s",
                "PARLEY_STORE", "memory")), "the memory store keeps no outbox");
        assertThrows(IllegalArgumentException.class, () -> SettingsLoader.load(Map.of(
                "PARLEY_WEBHOOK_RETRY_MIN", "10s", "PARLEY_WEBHOOK_RETRY_MAX", "1s")));
        assertThrows(IllegalArgumentException.class, () -> SettingsLoader.load(Map.of(
                "PARLEY_ATTACHMENT_STORE", "s3")));
        assertThrows(IllegalArgumentException.class, () -> SettingsLoader.load(Map.of(
                "PARLEY_ATTACHMENT_LINK_SECRET", "too short")));
        ParleySettings s = SettingsLoader.load(Map.of("PARLEY_WEBHOOK_URL", "http://127.0.0.1:9/hook",
                "PARLEY_WEBHOOK_SECRET", "s", "PARLEY_UPLOAD_TTL", "5m"));
        assertTrue(s.webhooks().enabled());
        assertEquals(Duration.ofMinutes(5), s.attachments().uploadTtl());
        assertFalse(s.webhooks().toString().contains("\"s\""), "the secret is not printed");
    }

    @Test
    void aConfigFileSitsBetweenTheDefaultsAndTheEnvironment(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("parley.yaml");
        Files.writeString(file, "parley:\n  heartbeat:\n    interval: 3s\n    timeout: 4s\n");
        ParleySettings s = SettingsLoader.load(Map.of("PARLEY_CONFIG", file.toString(),
                "PARLEY_HEARTBEAT_TIMEOUT", "9s"));
        assertEquals(Duration.ofSeconds(3), s.heartbeat().interval());
        assertEquals(Duration.ofSeconds(9), s.heartbeat().timeout());
    }

    @Test
    void aBadValueIsRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SettingsLoader.load(Map.of("PARLEY_HEARTBEAT_INTERVAL", "soon")));
        assertTrue(e.getMessage().contains("parley.heartbeat.interval"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SettingsLoader.load(Map.of("PARLEY_PORT", "http")));
        assertThrows(IllegalArgumentException.class, () -> SettingsLoader.load(Map.of("PARLEY_MAX_CONNECTIONS", "0")));
        assertThrows(IllegalArgumentException.class, () -> SettingsLoader.load(Map.of("PARLEY_AUTH_MODE", "open")));
        assertThrows(IllegalArgumentException.class,
                () -> SettingsLoader.load(Map.of("PARLEY_MAX_MESSAGE_BYTES", "lots")));
    }

    @Test
    void theReadmeListsEveryEnvironmentVariableAndNoOther() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (EnvironmentVariable variable : EnvironmentVariable.ALL) {
            assertTrue(readme.contains("`" + variable.name() + "`"), variable.name() + " is missing from the README");
        }
        java.util.Set<String> known = new java.util.HashSet<>(EnvironmentVariable.ALL.stream()
                .map(EnvironmentVariable::name).toList());
        known.add("PARLEY_CONFIG");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("`(PARLEY_[A-Z_]+)`").matcher(readme);
        while (m.find()) {
            assertTrue(known.contains(m.group(1)) || m.group(1).startsWith("PARLEY_TEST_"),
                    m.group(1) + " is in the README but not a setting (nor a test variable)");
        }
    }
}

package io.parley.adapter.out.assistant;

import java.net.URI;
import java.time.Duration;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Settings validate themselves, keep PROTOCOL §5's defaults, and never show the key: the OpenAI and the agent's. */
class AssistantSettingsTest {
    private static final URI OLLAMA = URI.create("http://localhost:11434/v1");
    private static final URI AGENT = URI.create("http://127.0.0.1:8000/agent");

    @Test
    void theDefaultsAreThoseOfTheProtocol() {
        ResilienceSettings defaults = ResilienceSettings.defaults();

        assertEquals(3, defaults.retries());
        assertEquals(Duration.ofSeconds(1), defaults.retryDelay());
        assertEquals(Duration.ofSeconds(10), defaults.retryBudget());
        assertEquals(5, defaults.breakerFailures());
        assertEquals(Duration.ofSeconds(60), defaults.breakerOpenFor());
    }

    @Test
    void theEndpointIsTheBaseUrlWithChatCompletions() {
        assertEquals(URI.create("http://localhost:11434/v1/chat/completions"),
                OpenAiSettings.of(URI.create("http://localhost:11434/v1/"), "", "llama3.2").chatCompletions());
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> OpenAiSettings.of(URI.create("ftp://x/v1"), "", "m"));
        assertThrows(IllegalArgumentException.class, () -> OpenAiSettings.of(URI.create("http://u:p@x/v1"), "", "m"));
        assertThrows(IllegalArgumentException.class, () -> OpenAiSettings.of(OLLAMA, "", " "));
        assertThrows(IllegalArgumentException.class, () -> OpenAiSettings.of(OLLAMA, "sk 1\n", "m"));
        assertThrows(IllegalArgumentException.class, () -> new OpenAiSettings(OLLAMA, "", "m", "", 0,
                OptionalDouble.of(3), Duration.ofSeconds(1), ResilienceSettings.defaults()));
        assertThrows(IllegalArgumentException.class, () -> new ResilienceSettings(-1, Duration.ZERO,
                Duration.ofSeconds(1), 5, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ResilienceSettings(1, Duration.ZERO,
                Duration.ofSeconds(1), 5, Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1), 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new EchoSettings(Duration.ofMillis(-1)));
    }

    @Test
    void theKeyIsNeverShown() {
        assertFalse(OpenAiSettings.of(OLLAMA, "sk-secret", "m").toString().contains("sk-secret"));
        assertFalse(new AguiSettings(AGENT, "sk-secret", "", Duration.ofSeconds(1), ResilienceSettings.defaults())
                .toString().contains("sk-secret"));
    }

    @Test
    void anAgentIsReachedAtItsUrlAsItIsAndNamedAgentUnlessConfigured() {
        URI withQuery = URI.create("http://127.0.0.1:8000/agent/?graph=trips");

        assertEquals(withQuery, AguiSettings.of(withQuery).endpoint());
        assertEquals("agent", AguiSettings.of(AGENT).model());
        assertEquals("agui", AguiSettings.of(AGENT).provider());
        assertEquals("planner", new AguiSettings(AGENT, "", " planner ", Duration.ofSeconds(1),
                ResilienceSettings.defaults()).model());
    }

    @Test
    void anAgentUrlMustBeHttpWithoutCredentials() {
        IllegalArgumentException ftp = assertThrows(IllegalArgumentException.class,
                () -> AguiSettings.of(URI.create("ftp://127.0.0.1/agent")));
        assertEquals("the agent's URL must be an http(s) URL without credentials, such as "
                + "http://127.0.0.1:8000/agent", ftp.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AguiSettings.of(URI.create("/agent")));
        assertThrows(IllegalArgumentException.class, () -> AguiSettings.of(URI.create("http://u:p@x/agent")));
        assertThrows(IllegalArgumentException.class, () -> AguiSettings.of(null));
    }
}

package io.parley.adapter.out.assistant;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reading what providers say when they refuse: their error messages and their Retry-After. */
class ProviderAnswersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

    @Test
    void errorMessagesAreFoundInEachProvidersShape() {
        assertEquals("bad key", message("{\"error\":{\"message\":\"bad key\",\"type\":\"auth\"}}"));
        assertEquals("model not found", message("{\"error\":\"model not found\"}"));
        assertEquals("too long", message("{\"object\":\"error\",\"message\":\"too long\",\"code\":400}"));
        assertEquals("Not Found", message("{\"detail\":\"Not Found\"}"));
        assertEquals("field required", message("{\"detail\":[{\"loc\":[\"body\"],\"msg\":\"field required\"}]}"));
        assertEquals("Bad Gateway from proxy", message("  Bad Gateway\n from proxy "));
        assertEquals(Optional.empty(), ErrorBodies.message("", JSON));
    }

    @Test
    void retryAfterIsReadInSecondsMillisecondsOrAsADate() {
        assertEquals(Duration.ofSeconds(2), wait(null, "2"));
        assertEquals(Duration.ofMillis(1500), wait(null, "1.5"));
        assertEquals(Duration.ofMillis(250), wait("250", "9"));
        assertEquals(Duration.ofSeconds(30), wait(null, "Wed, 01 May 2024 10:00:30 GMT"));
    }

    @Test
    void unreadableNegativeOrHugeRetryAfterIsBounded() {
        assertEquals(Duration.ZERO, wait(null, "soon"));
        assertEquals(Duration.ZERO, wait(null, "-4"));
        assertEquals(Duration.ZERO, wait(null, "Wed, 01 May 2024 09:00:00 GMT"));
        assertEquals(Duration.ofHours(1), wait(null, "999999999999"));
        assertEquals(Duration.ZERO, wait(null, null));
    }

    private static String message(String body) {
        return ErrorBodies.message(body, JSON).orElseThrow();
    }

    private static Duration wait(String millis, String retryAfter) {
        return RetryAfter.of(Optional.ofNullable(millis), Optional.ofNullable(retryAfter), NOW);
    }
}

package io.parley.bootstrap;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.parley.domain.testing.MutableClock;

import static io.parley.bootstrap.UpgradeRefusalTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rate limits, with the clock held still so that no bucket refills behind the test's back. */
class RateLimitTest {

    @Test
    void aFloodGetsRateLimitedErrorsThatAreNotProcessedThenIsClosedWith4008() {
        MutableClock clock = MutableClock.atEpoch();
        try (TestParley parley = TestParley.start(Map.of("PARLEY_MESSAGES_PER_SECOND", "5"), clock);
             WsTestClient flooder = parley.connect("flooder")) {
            flooder.expect("welcome");
            flooder.join("flooded");
            for (int i = 0; i < 30; i++) {
                flooder.send("{\"type\":\"send\",\"conversation\":\"flooded\",\"content\":\"n" + i + "\",\"ref\":\"s" + i
                        + "\",\"reply\":false}");
            }
            int acks = 0;
            int limited = 0;
            while (true) {
                JsonNode frame;
                try {
                    frame = flooder.next(java.time.Duration.ofSeconds(5));
                } catch (AssertionError closed) {
                    break;
                }
                switch (frame.get("type").asText()) {
                    case "ack" -> acks++;
                    case "message" -> { }
                    case "error" -> {
                        assertEquals("rate_limited", frame.get("code").asText());
                        assertTrue(frame.get("retry_after_ms").asLong() > 0);
                        assertEquals("s" + (8 + ++limited), frame.get("ref").asText());
                    }
                    default -> throw new AssertionError("unexpected " + frame);
                }
            }
            assertEquals(9, acks, "the burst (2 x 5) minus the join");
            assertEquals(10, limited, "ten refusals");
            assertEquals(4008, flooder.awaitClose().code());
            try (WsTestClient reader = parley.connect("reader")) {
                reader.expect("welcome");
                reader.send("{\"type\":\"join\",\"conversation\":\"flooded\",\"since\":0}");
                assertEquals(9, reader.expect("joined").get("offset").asInt(), "refused sends were not stored");
            }
            assertEquals(10, parley.stats().at("/limit_hits/message_rate").asInt());
            assertEquals(1, parley.stats().at("/closes/rate_limited").asInt());
        }
    }

    @Test
    void theHttpApiReportsItsQuotaAndRefusesWith429OverIt() {
        MutableClock clock = MutableClock.atEpoch();
        try (TestParley parley = TestParley.start(Map.of("PARLEY_HTTP_REQUESTS_PER_MINUTE", "3",
                "PARLEY_API_KEY", "k3y"), clock)) {
            for (int remaining = 2; remaining >= 0; remaining--) {
                HttpResponse<String> response = parley.get("/api/nothing?user=quota");
                assertEquals(404, response.statusCode());
                assertEquals("3", response.headers().firstValue("RateLimit-Limit").orElseThrow());
                assertEquals(String.valueOf(remaining), response.headers().firstValue("RateLimit-Remaining").orElseThrow());
                assertTrue(Integer.parseInt(response.headers().firstValue("RateLimit-Reset").orElseThrow()) > 0);
            }
            HttpResponse<String> refused = parley.get("/api/nothing?user=quota");
            assertEquals(429, refused.statusCode());
            assertEquals("20", refused.headers().firstValue("Retry-After").orElseThrow());
            assertEquals("0", refused.headers().firstValue("RateLimit-Remaining").orElseThrow());
            assertProblem(refused, 429, "rate_limited");

            assertEquals(404, parley.get("/api/nothing?user=someone-else").statusCode(), "quotas are per client");
            assertEquals(200, parley.get("/api/stats", "Authorization", "Bearer k3y").statusCode(),
                    "the server key is not limited");
            clock.advance(java.time.Duration.ofSeconds(20));
            assertEquals(404, parley.get("/api/nothing?user=quota").statusCode(), "refilled after Retry-After");
        }
    }

    @Test
    void forwardedForCountsOnlyFromTrustedProxies() {
        MutableClock clock = MutableClock.atEpoch();
        try (TestParley untrusted = TestParley.start(Map.of("PARLEY_HTTP_REQUESTS_PER_MINUTE", "1"), clock)) {
            assertEquals(404, untrusted.get("/api/x", "X-Forwarded-For", "198.51.100.1").statusCode());
            assertEquals(429, untrusted.get("/api/x", "X-Forwarded-For", "198.51.100.2").statusCode(),
                    "a forged header does not buy a new quota");
        }
        try (TestParley behindProxy = TestParley.start(Map.of("PARLEY_HTTP_REQUESTS_PER_MINUTE", "1",
                "PARLEY_TRUSTED_PROXIES", "127.0.0.1"), clock)) {
            assertEquals(404, behindProxy.get("/api/x", "X-Forwarded-For", "198.51.100.1").statusCode());
            assertEquals(404, behindProxy.get("/api/x", "X-Forwarded-For", "198.51.100.2").statusCode());
            assertEquals(429, behindProxy.get("/api/x", "X-Forwarded-For", "198.51.100.2").statusCode());
        }
    }

    @Test
    void aClientThatConnectsTooFastIsRefusedWith429() throws Exception {
        MutableClock clock = MutableClock.atEpoch();
        try (TestParley parley = TestParley.start(Map.of("PARLEY_CONNECTS_PER_MINUTE", "2"), clock)) {
            for (WsTestClient client : List.of(parley.connect("eager"), parley.connect("eager"))) {
                client.close();
            }
            RawHttp refused = RawHttp.upgrade(parley.port(), "user=eager", Map.of());
            assertEquals(429, refused.status());
            assertEquals("30", refused.header("Retry-After"));
            UpgradeRefusalTest.assertProblem(refused, 429, "connect_rate");
        }
    }
}

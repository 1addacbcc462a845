package io.parley.bootstrap;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Upgrades that are refused get a plain HTTP answer with problem+json. */
class UpgradeRefusalTest {
    private static TestParley parley;

    @BeforeAll
    static void start() {
        parley = TestParley.start(Map.of("PARLEY_MAX_CONNECTIONS_PER_CLIENT", "2", "PARLEY_MAX_CONNECTIONS", "4",
                "PARLEY_RETRY_AFTER", "7s"));
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    @Test
    void anInvalidDevUserNameIsABadRequest() throws Exception {
        RawHttp response = upgrade("user=no%20spaces", Map.of());
        assertEquals(400, response.status());
        assertProblem(response, 400, "bad_request");
    }

    @Test
    void aPlainGetOnTheEndpointIsToldToUpgrade() {
        HttpResponse<String> response = parley.get("/ws");
        assertEquals(426, response.statusCode());
        assertEquals("websocket", response.headers().firstValue("Upgrade").orElseThrow());
        assertProblem(response, 426, "upgrade_required");
    }

    @Test
    void aRefusalHeaderFromTheClientIsIgnored() {
        HttpResponse<String> response = parley.get("/ws", "X-Parley-Upgrade-Refusal", "NODE_FULL;1;forged");
        assertEquals(426, response.statusCode());
    }

    @Test
    void aClientOverItsConnectionsIsRefusedWith429AndRetryAfter() throws Exception {
        List<WsTestClient> held = new ArrayList<>();
        try {
            held.add(parley.connect("greedy"));
            held.add(parley.connect("greedy"));
            RawHttp response = upgrade("user=greedy", Map.of());
            assertEquals(429, response.status());
            assertEquals("7", response.header("Retry-After"));
            assertProblem(response, 429, "too_many_for_client");
            try (WsTestClient other = parley.connect("other")) {
                other.expect("welcome");
            }
        } finally {
            held.forEach(WsTestClient::close);
        }
    }

    @Test
    void aFullNodeRefusesWith503AndRetryAfter() throws Exception {
        List<WsTestClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                held.add(parley.connect("crowd-" + i));
            }
            RawHttp response = upgrade("user=one-too-many", Map.of());
            assertEquals(503, response.status());
            assertEquals("7", response.header("Retry-After"));
            assertProblem(response, 503, "node_full");
        } finally {
            held.forEach(WsTestClient::close);
        }
    }

    @Test
    void aForeignOriginIsRefusedWith403() throws Exception {
        RawHttp response = upgrade("user=browser", Map.of("Origin", "https://evil.example"));
        assertEquals(403, response.status());
        assertProblem(response, 403, "origin_not_allowed");
    }

    @Test
    void thePagesOwnOriginIsAllowed() throws Exception {
        RawHttp response = upgrade("user=browser", Map.of("Origin", "http://127.0.0.1:" + parley.port()));
        assertEquals(101, response.status());
    }

    @Test
    void configuredOriginsAreAllowedAndOthersNot() throws Exception {
        try (TestParley allowing = TestParley.start(Map.of("PARLEY_ALLOWED_ORIGINS", "https://app.example"))) {
            assertEquals(101, RawHttp.upgrade(allowing.port(), "user=b", Map.of("Origin", "https://app.example"))
                    .status());
            assertEquals(403, RawHttp.upgrade(allowing.port(), "user=b",
                    Map.of("Origin", "http://127.0.0.1:" + allowing.port())).status());
        }
    }

    static RawHttp upgrade(String query, Map<String, String> headers) throws Exception {
        return RawHttp.upgrade(parley.port(), query, headers);
    }

    static void assertProblem(RawHttp response, int status, String code) {
        assertProblem(response.header("Content-Type"), response.body(), status, code);
    }

    static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertProblem(response.headers().firstValue("Content-Type").orElse(null), response.body(), status, code);
    }

    static void assertProblem(String contentType, String body, int status, String code) {
        assertEquals("application/problem+json", contentType);
        try {
            JsonNode problem = WsTestClient.JSON.readTree(body);
            assertEquals(status, problem.get("status").asInt());
            assertEquals(code, problem.get("code").asText());
            assertTrue(problem.has("title") && problem.has("detail") && problem.has("type"), problem::toString);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}

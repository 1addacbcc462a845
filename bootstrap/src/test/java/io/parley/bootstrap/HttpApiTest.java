package io.parley.bootstrap;

import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static io.parley.bootstrap.UpgradeRefusalTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The HTTP API: stats behind the server key, problem+json for errors. */
class HttpApiTest {

    @Test
    void statsCountConnectionsConversationsUsersAndMessages() throws Exception {
        try (TestParley parley = TestParley.start(Map.of());
             WsTestClient alice = parley.connect("alice");
             WsTestClient bob = parley.connect("bob");
             WsTestClient bob2 = parley.connect("bob")) {
            alice.expect("welcome");
            alice.join("one");
            bob.expect("welcome");
            bob.join("one");
            bob2.expect("welcome");
            bob2.join("two");
            alice.send("{\"type\":\"send\",\"conversation\":\"one\",\"content\":\"hi\",\"reply\":false}");
            alice.expect("ack");
            alice.expect("message");
            bob.expect("message");

            JsonNode stats = parley.stats();
            assertEquals("test-node", stats.get("node").asText());
            assertEquals(3, stats.get("connections").asInt());
            assertEquals(2, stats.get("conversations").asInt());
            assertEquals(2, stats.get("users").asInt());
            assertEquals(1, stats.at("/messages/in").asInt());
            assertEquals(2, stats.at("/messages/out").asInt());
        }
    }

    @Test
    void withAServerKeyStatsNeedIt() {
        try (TestParley parley = TestParley.start(Map.of("PARLEY_API_KEY", "s3cret"))) {
            HttpResponse<String> none = parley.get("/api/stats");
            assertEquals(401, none.statusCode());
            assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElseThrow());
            assertProblem(none, 401, "unauthorized");
            assertProblem(parley.get("/api/stats", "Authorization", "Bearer wrong"), 403, "forbidden");
            assertEquals(200, parley.get("/api/stats", "Authorization", "Bearer s3cret").statusCode());
        }
    }

    @Test
    void anUnknownApiPathIsAProblem404() {
        try (TestParley parley = TestParley.start(Map.of())) {
            assertProblem(parley.get("/api/nothing-here"), 404, "not_found");
        }
    }
}

package io.parley.bootstrap;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.parley.application.testing.Eventually;
import io.parley.domain.testing.MutableClock;

import static io.parley.bootstrap.UpgradeRefusalTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What one connection or user may make the node hold: a bounded number of joined conversations per connection,
 * a bounded rate of new conversations per user (WebSocket and AG-UI alike), and no in-memory state for a
 * conversation once nobody on the node has joined it.
 */
class ConversationBoundsTest {

    @Test
    void aConnectionJoinsAtMostTheBoundOfConversationsAtOnce() {
        try (TestParley parley = TestParley.start(Map.of("PARLEY_STORE", "memory",
                "PARLEY_MAX_JOINS_PER_CONNECTION", "2"));
             WsTestClient client = parley.connect("joiner")) {
            client.expect("welcome");
            client.join("one");
            client.join("two");
            client.join("two"); // joining again what it has joined takes no new place
            client.send("{\"type\":\"join\",\"conversation\":\"three\",\"ref\":\"j3\"}");
            JsonNode refused = client.expect("error");
            assertEquals("limit_exceeded", refused.get("code").asText());
            assertEquals("j3", refused.get("ref").asText());
            client.send("{\"type\":\"leave\",\"conversation\":\"one\"}");
            client.expect("left");
            client.join("three");
            assertEquals(1, parley.stats().at("/limit_hits/joins_per_connection").asInt());
        }
    }

    @Test
    void aUserCreatesAtMostTheBoundOfConversationsPerMinuteOnEveryPath() {
        MutableClock clock = MutableClock.atEpoch();
        try (TestParley parley = TestParley.start(Map.of("PARLEY_STORE", "memory",
                "PARLEY_NEW_CONVERSATIONS_PER_MINUTE", "2", "PARLEY_LLM_ECHO_DELAY", "0ms"), clock);
             WsTestClient maker = parley.connect("maker");
             WsTestClient other = parley.connect("other")) {
            maker.expect("welcome");
            other.expect("welcome");
            maker.join("new-1");
            maker.join("new-2");
            other.join("theirs");
            maker.send("{\"type\":\"join\",\"conversation\":\"new-3\",\"ref\":\"n3\"}");
            JsonNode refused = maker.expect("error");
            assertEquals("limit_exceeded", refused.get("code").asText());
            assertTrue(refused.get("retry_after_ms").asLong() > 0);
            maker.join("theirs"); // an existing conversation costs nothing
            assertProblem(parley.post("/agui?user=maker", "{\"threadId\":\"new-4\",\"runId\":\"r\",\"messages\":"
                    + "[{\"id\":\"m1\",\"role\":\"user\",\"content\":\"hi\"}]}"), 429, "limit_exceeded");
            other.join("new-5"); // another user's own budget

            clock.advance(Duration.ofMinutes(1));
            maker.join("new-3");
        }
    }

    @Test
    void aConversationNobodyHasJoinedLeavesNothingInMemory() {
        try (TestParley parley = TestParley.start(Map.of("PARLEY_STORE", "memory"))) {
            try (WsTestClient a = parley.connect("a"); WsTestClient b = parley.connect("b")) {
                a.expect("welcome");
                b.expect("welcome");
                for (int i = 0; i < 20; i++) {
                    a.join("passing-" + i);
                }
                b.join("passing-0");
                assertEquals(20, parley.stats().get("conversations").asInt());
                for (int i = 0; i < 20; i++) {
                    a.send("{\"type\":\"leave\",\"conversation\":\"passing-" + i + "\"}");
                    a.expect("left");
                }
                assertEquals(1, parley.stats().get("conversations").asInt(), "b is still in passing-0");
            }
            Eventually.until("every connection gone", () -> parley.stats().get("connections").asInt() == 0);
            assertEquals(0, parley.stats().get("conversations").asInt());
        }
    }
}

package io.parley.bootstrap;

import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One connection sending without waiting for its acks, on the default database store: its sends share commits,
 * yet every ack comes in the order sent with offsets in that order, each message is pushed in offset order, a
 * resend within the stream is acked with its first offset, and a request after the sends sees them all stored.
 */
class PipelinedSendsTest {
    private static TestParley parley;

    @BeforeAll
    static void start() {
        parley = TestParley.start(Map.of("PARLEY_MESSAGES_PER_SECOND", "100000"));
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    @Test
    void sendsWithoutWaitingAreAckedAndStoredInTheOrderSent() {
        int total = 600; // more than twice the sends one connection may have waiting for commits (256)
        try (WsTestClient fast = parley.connect("fast-p");
             WsTestClient member = parley.connect("member-p")) {
            fast.expect("welcome");
            member.expect("welcome");
            fast.join("pipelined");
            member.join("pipelined");
            for (int i = 1; i <= total; i++) {
                fast.send("{\"type\":\"send\",\"conversation\":\"pipelined\",\"content\":\"m" + i + "\",\"id\":\"p" + i
                        + "\",\"reply\":false,\"ref\":\"r" + i + "\"}");
                if (i == 300) {
                    fast.send("{\"type\":\"send\",\"conversation\":\"pipelined\",\"content\":\"m7\",\"id\":\"p7\","
                            + "\"reply\":false,\"ref\":\"again\"}");
                }
            }
            fast.send("{\"type\":\"history\",\"conversation\":\"pipelined\",\"after\":0,\"limit\":100,\"ref\":\"h\"}");
            List<JsonNode> frames = fast.until("history");
            List<JsonNode> acks = frames.stream().filter(f -> f.get("type").asText().equals("ack")).toList();
            assertEquals(total + 1, acks.size());
            List<JsonNode> fresh = acks.stream().filter(a -> !a.get("ref").asText().equals("again")).toList();
            assertEquals(LongStream.rangeClosed(1, total).mapToObj(i -> "r" + i).toList(),
                    fresh.stream().map(a -> a.get("ref").asText()).toList(), "acks in the order sent");
            assertEquals(LongStream.rangeClosed(1, total).boxed().toList(),
                    fresh.stream().map(a -> a.get("offset").asLong()).toList(), "offsets in the order sent");
            JsonNode again = acks.stream().filter(a -> a.get("ref").asText().equals("again")).findFirst()
                    .orElseThrow();
            assertEquals(7, again.get("offset").asLong(), "a resend within the stream keeps its first offset");
            assertEquals(100, frames.getLast().get("messages").size(), "the history after the sends sees them");

            List<Long> pushed = member.untilCount("message", total).stream()
                    .filter(f -> f.get("type").asText().equals("message")).map(f -> f.get("offset").asLong())
                    .toList();
            assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), pushed, "pushed in offset order");
        }
    }
}

package io.parley.bootstrap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.parley.application.testing.Eventually;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that stops reading is cut off; nobody else waits for it. */
class BackpressureTest {
    private static final String PAYLOAD = "x".repeat(40_000);
    /** Messages the sender may be ahead of the members that read: 15 × 40 kB, well below their 2 MiB bound. */
    private static final int WINDOW = 15;

    @Test
    void aMemberThatStopsReadingIsClosedWith4009WhileTheOthersGetEveryMessagePromptly() throws Exception {
        try (TestParley parley = TestParley.start(Map.of("PARLEY_OUTBOUND_QUEUE_BYTES", "2MiB",
                "PARLEY_MESSAGES_PER_SECOND", "100000", "PARLEY_CLOSE_TIMEOUT", "30s"));
             WsTestClient sender = parley.connect("sender");
             WsTestClient fast1 = parley.connect("fast1");
             WsTestClient fast2 = parley.connect("fast2");
             WsTestClient slow = parley.connect("slow")) {
            for (WsTestClient client : List.of(sender, fast1, fast2, slow)) {
                client.expect("welcome");
                client.join("busy-room");
            }
            slow.pauseReading();

            // the sender keeps at most WINDOW messages ahead of the members that read: their queues stay far below the
            // bound however fast the server produces, while the one that stopped reading crosses it
            List<JsonNode> one = new ArrayList<>();
            List<JsonNode> two = new ArrayList<>();
            for (int i = 0; i < 300; i += WINDOW) {
                for (int j = i; j < i + WINDOW; j++) {
                    sender.send("{\"type\":\"send\",\"conversation\":\"busy-room\",\"reply\":false,\"content\":\"" + j
                            + ":" + PAYLOAD + "\"}");
                }
                one.addAll(ConversationOverWebSocketTest.messages(fast1, WINDOW));
                two.addAll(ConversationOverWebSocketTest.messages(fast2, WINDOW));
            }

            assertEquals(java.util.stream.LongStream.rangeClosed(1, 300).boxed().toList(),
                    ConversationOverWebSocketTest.offsets(one));
            assertEquals(ConversationOverWebSocketTest.offsets(one), ConversationOverWebSocketTest.offsets(two));
            Eventually.until("the slow member was cut off", () -> parley.stats().at("/limit_hits/outbound_queue").asInt() == 1);

            slow.resumeReading();
            List<JsonNode> slowGot = new ArrayList<>();
            while (!slow.isClosed() || slow.hasFrame()) {
                try {
                    slowGot.add(slow.next(Duration.ofSeconds(2)));
                } catch (AssertionError drained) {
                    break;
                }
            }
            WsTestClient.Closed closed = slow.awaitClose();
            assertEquals(4009, closed.code());
            assertTrue(slowGot.size() < 300, "what was queued for it was dropped: got " + slowGot.size());
            Eventually.until("counted", () -> parley.stats().at("/closes/slow_consumer").asInt() == 1);
        }
    }

    @Test
    void aWriteThatMakesNoProgressForTheWriteTimeoutEndsTheConnection() throws Exception {
        try (TestParley parley = TestParley.start(Map.of("PARLEY_OUTBOUND_QUEUE_BYTES", "64MiB",
                "PARLEY_MESSAGES_PER_SECOND", "100000", "PARLEY_WRITE_TIMEOUT", "1s", "PARLEY_CLOSE_TIMEOUT", "1s"));
             WsTestClient sender = parley.connect("sender");
             RawWebSocket stuck = RawWebSocket.open(parley.port(), "user=stuck", 64 * 1024)) {
            sender.expect("welcome");
            sender.join("stalled");
            stuck.sendText("{\"type\":\"join\",\"conversation\":\"stalled\"}");
            stuck.awaitText("\"type\":\"joined\"", Duration.ofSeconds(10));
            // from here on the stuck client reads nothing: 10 MB cannot fit in the sockets' buffers
            for (int i = 0; i < 250; i++) {
                sender.send("{\"type\":\"send\",\"conversation\":\"stalled\",\"reply\":false,\"content\":\"" + PAYLOAD
                        + "\"}");
            }
            ConversationOverWebSocketTest.messages(sender, 250);
            Eventually.until("the stuck connection is ended", () -> parley.stats().get("connections").asInt() == 1);
            assertEquals(1, parley.stats().at("/closes/slow_consumer").asInt());
            assertEquals(0, parley.stats().at("/limit_hits/outbound_queue").asInt(), "its queue never overflowed");
            assertEquals(-1, stuck.awaitServerClose(Duration.ofSeconds(30)),
                    "its socket was cut, without a close frame: the client sees the end once it reads");
        }
    }
}

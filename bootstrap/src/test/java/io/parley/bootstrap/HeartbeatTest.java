package io.parley.bootstrap;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.parley.application.testing.Eventually;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The heartbeat with short configured intervals: 200 ms interval, 200 ms timeout, 1 s idle timeout. No test
 * sleeps; each waits (bounded) for what the server does.
 */
class HeartbeatTest {
    private static TestParley parley;

    @BeforeAll
    static void start() {
        parley = TestParley.start(Map.of("PARLEY_HEARTBEAT_INTERVAL", "200ms", "PARLEY_HEARTBEAT_TIMEOUT", "200ms",
                "PARLEY_IDLE_TIMEOUT", "1s", "PARLEY_CLOSE_TIMEOUT", "500ms"));
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    @Test
    void theServerPingsEveryIntervalWithAFrameAndATransportPing() {
        try (WsTestClient client = parley.connect("listener").seePings()) {
            assertEquals("welcome", client.next().get("type").asText());
            assertEquals("ping", client.next(Duration.ofSeconds(2)).get("type").asText());
            assertEquals("ping", client.next(Duration.ofSeconds(2)).get("type").asText());
        }
    }

    @Test
    void aPeerThatSendsNothingIsClosedWith4000() throws Exception {
        try (RawWebSocket silent = RawWebSocket.open(parley.port(), "user=silent")) {
            long started = System.nanoTime();
            assertEquals(4000, silent.awaitServerClose(Duration.ofSeconds(5)));
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertFalse(tookMs < 400, "not before interval + timeout: " + tookMs + " ms");
        }
    }

    @Test
    void aPeerThatVanishedIsReapedWithinTheSameBound() throws Exception {
        int before = parley.stats().get("connections").asInt();
        RawWebSocket vanished = RawWebSocket.open(parley.port(), "user=vanished");
        Eventually.until("registered", () -> parley.stats().get("connections").asInt() == before + 1);
        // it neither reads nor writes nor answers the close frame: heartbeat timeout, then the socket is cut
        Eventually.until("reaped", () -> parley.stats().get("connections").asInt() == before);
        vanished.close();
    }

    @Test
    void aClientThatOnlyAnswersPingsIsClosedAsIdleWith4001() {
        try (WsTestClient idle = parley.connect("idle")) {
            idle.expect("welcome");
            WsTestClient.Closed closed = idle.awaitClose(Duration.ofSeconds(5));
            assertEquals(4001, closed.code());
            assertEquals("idle timeout", closed.reason());
        }
    }

    @Test
    void aClientThatKeepsMakingRequestsStaysOpenPastTheIdleTimeout() {
        try (WsTestClient busy = parley.connect("busy").seePings()) {
            busy.expect("welcome");
            long until = System.nanoTime() + Duration.ofMillis(2500).toNanos();
            while (System.nanoTime() < until) {
                busy.send("{\"type\":\"join\",\"conversation\":\"keepalive\"}");
                busy.until("joined");
                busy.until("ping"); // paced by the server's own pings, every 200 ms
            }
            assertFalse(busy.isClosed(), "requests every 200 ms keep a 1 s idle timeout away");
        }
    }
}

package io.parley.bootstrap;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.parley.application.testing.Eventually;
import io.parley.domain.testing.MutableClock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 6455 framing over a bare socket: control frames are short and final (else 1002), text is UTF-8 once whole
 * (else 1007, and a character split across fragments arrives intact), and everyone else keeps being served.
 */
class FramingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestParley parley;

    @BeforeAll
    static void start() {
        parley = TestParley.start(Map.of("PARLEY_STORE", "memory", "PARLEY_MESSAGES_PER_SECOND", "100000"));
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    @Test
    void aPingIsAnsweredWithItsPayload() throws Exception {
        try (RawWebSocket client = RawWebSocket.open(parley.port(), "user=pinger")) {
            byte[] payload = new byte[125];
            Arrays.fill(payload, (byte) 'p');
            client.sendFrame(0x89, payload);
            assertArrayEquals(payload, client.awaitFrame(0xA, WAIT));
        }
    }

    @Test
    void aControlFrameOver125BytesClosesWith1002() throws Exception {
        try (RawWebSocket client = RawWebSocket.open(parley.port(), "user=big-ping")) {
            client.sendFrame(0x89, new byte[126]);
            assertEquals(1002, client.awaitServerClose(WAIT));
        }
        assertOthersAreServed();
    }

    @Test
    void aFragmentedControlFrameClosesWith1002() throws Exception {
        try (RawWebSocket client = RawWebSocket.open(parley.port(), "user=split-ping")) {
            client.sendFrame(0x09, new byte[] {1});
            assertEquals(1002, client.awaitServerClose(WAIT));
        }
    }

    @Test
    void textThatIsNotUtf8ClosesWith1007() throws Exception {
        try (RawWebSocket client = RawWebSocket.open(parley.port(), "user=latin1")) {
            client.sendFrame(0x81, "{\"type\":\"ping\",\"ref\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(1007, client.awaitServerClose(WAIT));
        }
        assertOthersAreServed();
    }

    @Test
    void aCharacterSplitAcrossFragmentsArrivesWhole() throws Exception {
        try (RawWebSocket client = RawWebSocket.open(parley.port(), "user=splitter")) {
            byte[] text = "{\"type\":\"ping\",\"ref\":\"\u20ac\"}".getBytes(StandardCharsets.UTF_8);
            int euro = indexOf(text, (byte) 0xE2);
            client.sendFrame(0x01, Arrays.copyOfRange(text, 0, euro + 1));
            client.sendFrame(0x89, new byte[] {7}); // a ping may come between fragments
            client.sendFrame(0x00, Arrays.copyOfRange(text, euro + 1, euro + 2));
            client.sendFrame(0x80, Arrays.copyOfRange(text, euro + 2, text.length));
            assertEquals("{\"type\":\"pong\",\"ref\":\"\u20ac\"}", client.awaitText("pong", WAIT));
        }
    }

    @Test
    void aContinuationWithoutAMessageClosesWith1002() throws Exception {
        try (RawWebSocket client = RawWebSocket.open(parley.port(), "user=stray")) {
            client.sendFrame(0x80, "x".getBytes(StandardCharsets.UTF_8));
            assertEquals(1002, client.awaitServerClose(WAIT));
        }
    }

    @Test
    void aCloseFrameWithAReservedCodeIsAProtocolError() throws Exception {
        try (RawWebSocket client = RawWebSocket.open(parley.port(), "user=reserved")) {
            client.sendFrame(0x88, new byte[] {0x03, (byte) 0xEE}); // 1006 may never be sent
            assertEquals(1002, client.awaitServerClose(WAIT));
        }
    }

    @Test
    void aCloseIsEchoedWithItsCode() throws Exception {
        try (RawWebSocket client = RawWebSocket.open(parley.port(), "user=leaving")) {
            client.sendFrame(0x88, new byte[] {0x0F, (byte) 0xA0, 'o', 'k'});
            assertEquals(4000, client.awaitServerClose(WAIT));
        }
    }

    @Test
    void transportPingsCountTowardTheMessageRate() throws Exception {
        try (TestParley strict = TestParley.start(Map.of("PARLEY_STORE", "memory", "PARLEY_MESSAGES_PER_SECOND", "1"),
                MutableClock.atEpoch()); // held still: the bucket (burst 2) does not refill during the test
             RawWebSocket client = RawWebSocket.open(strict.port(), "user=chatty")) {
            client.awaitText("welcome", WAIT);
            for (int i = 0; i < 3; i++) {
                client.sendFrame(0x89, new byte[] {(byte) i});
            }
            assertArrayEquals(new byte[] {0}, client.awaitFrame(0xA, WAIT));
            assertArrayEquals(new byte[] {1}, client.awaitFrame(0xA, WAIT));
            assertTrue(client.awaitText("rate_limited", WAIT).contains("\"type\":\"error\""));
        }
    }

    @Test
    void pongsCountTowardTheOutboundBoundSoAClientThatPingsAndNeverReadsIsCut() throws Exception {
        try (TestParley small = TestParley.start(Map.of("PARLEY_STORE", "memory", "PARLEY_MESSAGES_PER_SECOND",
                "1000000", "PARLEY_MAX_MESSAGE_BYTES", "1KiB", "PARLEY_OUTBOUND_QUEUE_BYTES", "2KiB",
                "PARLEY_CLOSE_TIMEOUT", "500ms"));
             RawWebSocket pinger = RawWebSocket.open(small.port(), "user=pinger", 4096)) {
            byte[] payload = new byte[125];
            try {
                // 100 000 pongs of 127 bytes: far more than the socket buffers between us hold
                for (int i = 0; i < 100_000; i++) {
                    pinger.sendFrame(0x89, payload);
                }
            } catch (java.io.IOException cut) {
                // the server gave up on us and closed the socket
            }
            Eventually.until("the pinger was cut as a slow consumer", () -> small.stats().at("/closes/slow_consumer").asInt() == 1);
            assertEquals(1, small.stats().at("/limit_hits/outbound_queue").asInt());
            try (WsTestClient other = small.connect("other")) {
                other.expect("welcome");
            }
        }
    }

    private static void assertOthersAreServed() {
        try (WsTestClient other = parley.connect("bystander")) {
            other.expect("welcome");
            other.join("still-up");
        }
        Eventually.until("only open connections are counted", () -> parley.stats().get("connections").asInt() == 0);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}

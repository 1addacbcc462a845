package io.parley.bootstrap;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of malformed frame gets its error code, and the connection stays usable; 20 in a row close it. */
class MalformedFramesTest {
    private static TestParley parley;

    @BeforeAll
    static void start() {
        parley = TestParley.start(Map.of("PARLEY_MAX_MESSAGE_BYTES", "4096", "PARLEY_MESSAGES_PER_SECOND", "100000"));
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " => ", value = {
            "not json at all => bad_request",
            "[1,2,3] => bad_request",
            "\"a string\" => bad_request",
            "{} => bad_request",
            "{\"type\":5} => bad_request",
            "{\"type\":null} => bad_request",
            "{\"type\":\"dance\"} => unknown_type",
            "{\"type\":\"upload\",\"conversation\":\"c\"} => bad_request",
            "{\"type\":\"upload\",\"conversation\":\"c\",\"name\":\"a\",\"mime\":\"t\",\"size\":1} => bad_request",
            "{\"type\":\"upload\",\"conversation\":\"c\",\"name\":\"a\",\"mime\":\"a/b\",\"size\":0} => bad_request",
            "{\"type\":\"join\"} => bad_request",
            "{\"type\":\"join\",\"conversation\":5} => bad_request",
            "{\"type\":\"join\",\"conversation\":\"\"} => bad_request",
            "{\"type\":\"join\",\"conversation\":\"has space\"} => bad_request",
            "{\"type\":\"join\",\"conversation\":\"c\",\"since\":-1} => bad_request",
            "{\"type\":\"join\",\"conversation\":\"c\",\"since\":\"3\"} => bad_request",
            "{\"type\":\"join\",\"conversation\":\"c\",\"since\":1.5} => bad_request",
            "{\"type\":\"leave\",\"conversation\":[]} => bad_request",
            "{\"type\":\"send\",\"conversation\":\"c\"} => bad_request",
            "{\"type\":\"send\",\"conversation\":\"c\",\"content\":\"\"} => bad_request",
            "{\"type\":\"send\",\"conversation\":\"c\",\"content\":7} => bad_request",
            "{\"type\":\"send\",\"conversation\":\"c\",\"content\":\"nul \\u0000 inside\"} => bad_request",
            "{\"type\":\"send\",\"conversation\":\"c\",\"content\":\"x\",\"id\":\"no spaces allowed\"} => bad_request",
            "{\"type\":\"send\",\"conversation\":\"c\",\"content\":\"x\",\"id\":42} => bad_request",
            "{\"type\":\"send\",\"conversation\":\"c\",\"content\":\"x\",\"reply\":\"yes\"} => bad_request",
            "{\"type\":\"history\",\"conversation\":\"c\",\"limit\":0} => bad_request",
            "{\"type\":\"history\",\"conversation\":\"c\",\"limit\":101} => bad_request",
            "{\"type\":\"history\",\"conversation\":\"c\",\"before\":0} => bad_request",
            "{\"type\":\"ping\",\"ref\":12} => bad_request",
            "{\"type\":\"ping\",\"ref\":\"0123456789012345678901234567890123456789012345678901234567890123X\"} => bad_request",
            "{\"type\":\"ping\",\"type\":\"pong\"} => bad_request",
            "{\"type\":\"ping\"} {\"type\":\"ping\"} => bad_request",
            "{\"type\":\"send\",\"conversation\":\"c\",\"content\":\"x\"} => not_joined",
            "{\"type\":\"leave\",\"conversation\":\"c\"} => not_joined",
            "{\"type\":\"history\",\"conversation\":\"c\"} => not_joined",
    })
    void malformedInputGetsItsErrorCodeAndTheConnectionStaysUsable(String frame, String code) {
        try (WsTestClient client = WsTestClient.connect(parley.port(), "user=mallory")) {
            client.expect("welcome");
            client.send(frame);
            JsonNode error = client.expect("error");
            assertEquals(code, error.get("code").asText(), () -> "for " + frame + ": " + error);
            assertFalse(error.get("message").asText().isBlank());
            client.send("{\"type\":\"ping\",\"ref\":\"still-there\"}");
            assertEquals("still-there", client.expect("pong").get("ref").asText());
        }
    }

    @Test
    void theErrorEchoesTheRefOfAFrameWhoseRefCouldBeRead() {
        try (WsTestClient client = WsTestClient.connect(parley.port(), "user=mallory")) {
            client.expect("welcome");
            client.send("{\"type\":\"join\",\"ref\":\"r-7\"}");
            JsonNode error = client.expect("error");
            assertEquals("r-7", error.get("ref").asText());
            assertTrue(error.get("message").asText().contains("conversation"));
        }
    }

    @Test
    void aBinaryFrameWithNoUploadUnderWayIsRefusedWithAnError() {
        try (WsTestClient client = WsTestClient.connect(parley.port(), "user=mallory")) {
            client.expect("welcome");
            client.sendBinary(new byte[] {1, 2, 3});
            assertEquals("bad_request", client.expect("error").get("code").asText());
            client.send("{\"type\":\"ping\"}");
            client.expect("pong");
        }
    }

    @Test
    void twentyMalformedFramesInARowCloseTheConnectionWith1008() {
        try (WsTestClient client = WsTestClient.connect(parley.port(), "user=mallory")) {
            client.expect("welcome");
            for (int i = 0; i < 20; i++) {
                client.send("nonsense " + i);
            }
            for (int i = 0; i < 20; i++) {
                client.expect("error");
            }
            assertEquals(1008, client.awaitClose().code());
        }
    }

    @Test
    void aGoodFrameResetsTheCountOfMalformedOnes() {
        try (WsTestClient client = WsTestClient.connect(parley.port(), "user=mallory")) {
            client.expect("welcome");
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 19; i++) {
                    client.send("nonsense");
                    client.expect("error");
                }
                client.send("{\"type\":\"ping\"}");
                client.expect("pong");
            }
            assertFalse(client.isClosed());
        }
    }

    @Test
    void aMessageOverTheLimitClosesWith1009() {
        try (WsTestClient client = WsTestClient.connect(parley.port(), "user=mallory")) {
            client.expect("welcome");
            client.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(4096) + "\"}");
            assertEquals(1009, client.awaitClose().code());
        }
    }

    @Test
    void aFragmentedMessageIsMeasuredWhileItIsJoinedAndClosesWith1009() {
        try (WsTestClient client = WsTestClient.connect(parley.port(), "user=mallory")) {
            client.expect("welcome");
            client.sendFragments("{\"type\":\"ping\",\"pad\":\"", "x".repeat(2000), "x".repeat(2000), "x".repeat(2000),
                    "\"}");
            assertEquals(1009, client.awaitClose().code());
        }
    }

    @Test
    void aFragmentedMessageWithinTheLimitIsJoinedAndHandled() {
        try (WsTestClient client = WsTestClient.connect(parley.port(), "user=mallory")) {
            client.expect("welcome");
            client.sendFragments("{\"type\":\"ping\",", "\"pad\":\"" + "é".repeat(1000) + "\",", "\"ref\":\"frag\"}");
            assertEquals("frag", client.expect("pong").get("ref").asText());
        }
    }

    @Test
    void aMessageExactlyAtTheLimitIsAccepted() {
        try (WsTestClient client = WsTestClient.connect(parley.port(), "user=mallory")) {
            client.expect("welcome");
            String prefix = "{\"type\":\"ping\",\"ref\":\"edge\",\"pad\":\"";
            String frame = prefix + "x".repeat(4096 - prefix.length() - 2) + "\"}";
            assertEquals(4096, frame.length());
            client.send(frame);
            assertEquals("edge", client.expect("pong").get("ref").asText());
        }
    }
}

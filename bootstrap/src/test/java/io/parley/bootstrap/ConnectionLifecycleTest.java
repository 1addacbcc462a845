package io.parley.bootstrap;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.parley.application.testing.Eventually;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connections come and go, whichever way, and nothing of them is left behind. */
class ConnectionLifecycleTest {

    @Test
    void aClientThatDropsItsTcpConnectionWithoutACloseFrameIsGoneFromTheRegistryAndTheCounts() throws Exception {
        try (TestParley parley = TestParley.start(Map.of())) {
            RawWebSocket raw = RawWebSocket.open(parley.port(), "user=vanishing");
            raw.sendText("{\"type\":\"join\",\"conversation\":\"lonely\"}");
            Eventually.until("joined", () -> parley.stats().get("conversations").asInt() == 1);
            JsonNode before = parley.stats();
            assertEquals(1, before.get("connections").asInt());
            assertEquals(1, before.get("users").asInt());

            raw.dropAbruptly();

            Eventually.until("the dropped connection is forgotten", () -> parley.stats().get("connections").asInt() == 0);
            JsonNode after = parley.stats();
            assertEquals(0, after.get("conversations").asInt());
            assertEquals(0, after.get("users").asInt());
            assertEquals(1, after.at("/closes/abnormal").asInt());
        }
    }

    @Test
    void closingNormallyIsCountedByCodeAndFreesTheClientsPlace() {
        try (TestParley parley = TestParley.start(Map.of("PARLEY_MAX_CONNECTIONS_PER_CLIENT", "1"))) {
            for (int i = 0; i < 3; i++) {
                try (WsTestClient client = parley.connect("solo")) {
                    client.expect("welcome");
                }
                Eventually.until("closed", () -> parley.stats().get("connections").asInt() == 0);
            }
            assertEquals(3, parley.stats().at("/closes/normal").asInt());
        }
    }

    @Test
    void shutdownClosesEveryClientWith1001AfterItsQueuedFrames() {
        TestParley parley = TestParley.start(Map.of("PARLEY_MESSAGES_PER_SECOND", "1000"));
        try (WsTestClient alice = parley.connect("alice"); WsTestClient bob = parley.connect("bob")) {
            alice.expect("welcome");
            bob.expect("welcome");
            alice.join("last-words");
            bob.join("last-words");
            bob.pauseReading();
            ConversationOverWebSocketTest.sendMany(alice, "last-words", "bye-", 50);
            ConversationOverWebSocketTest.messages(alice, 50);

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(parley::close);

            assertEquals(1001, alice.awaitClose().code());
            bob.resumeReading();
            List<JsonNode> queued = ConversationOverWebSocketTest.messages(bob, 50);
            assertEquals(LongStream.rangeClosed(1, 50).boxed().toList(), ConversationOverWebSocketTest.offsets(queued),
                    "what was queued for bob went out before the close");
            WsTestClient.Closed closed = bob.awaitClose();
            assertEquals(1001, closed.code());
            assertEquals("server shutting down", closed.reason());
            stopping.join();
        }
    }

    @Test
    void whileDrainingNewConnectionsAreRefusedWith503() throws Exception {
        TestParley parley = TestParley.start(Map.of("PARLEY_CLOSE_TIMEOUT", "3s", "PARLEY_DRAIN_TIMEOUT", "5s"));
        try (RawWebSocket silent = RawWebSocket.open(parley.port(), "user=deaf")) {
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(parley::close);
            assertEquals(1001, silent.awaitServerClose(Duration.ofSeconds(5)));
            assertEquals(503, WsTestClient.refusedStatus(parley.port(), "user=late", Map.of()),
                    "the silent client holds the drain open; new upgrades are refused meanwhile");
            stopping.get();
        }
    }

    @Test
    void healthReportsReadyWhileServingAndNotReadyWhileDraining() throws Exception {
        TestParley parley = TestParley.start(Map.of("PARLEY_CLOSE_TIMEOUT", "3s", "PARLEY_DRAIN_TIMEOUT", "5s"));
        assertEquals(200, parley.get("/observe/health").statusCode());
        assertTrue(parley.get("/observe/health").body().contains("\"status\":\"UP\""));
        try (RawWebSocket silent = RawWebSocket.open(parley.port(), "user=deaf")) {
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(parley::close);
            silent.awaitServerClose(Duration.ofSeconds(5));
            assertEquals(503, parley.get("/observe/health").statusCode());
            stopping.get();
        }
    }
}

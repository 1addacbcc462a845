package io.parley.bootstrap;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.h2.tools.Server;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.parley.application.testing.Eventually;

import static io.parley.bootstrap.ConversationOverWebSocketTest.messages;
import static io.parley.bootstrap.ConversationOverWebSocketTest.offsets;
import static io.parley.bootstrap.ConversationOverWebSocketTest.sendMany;
import static io.parley.bootstrap.UpgradeRefusalTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Conversations on the JDBC store, through the whole service: restarts, concurrency, outages, retention. */
class DurableConversationsTest {
    private static final String H2 = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    @Test
    void afterARestartJoinWithSinceGetsExactlyTheGapAndAResendIsNotStoredTwice(@TempDir Path data) {
        Map<String, String> env = Map.of("PARLEY_DB_URL", "jdbc:h2:file:" + data.resolve("parley") + H2);
        try (TestParley first = TestParley.start(env); WsTestClient alice = first.connect("alice")) {
            alice.expect("welcome");
            alice.join("durable");
            for (int i = 1; i <= 5; i++) {
                alice.send("{\"type\":\"send\",\"conversation\":\"durable\",\"content\":\"m" + i + "\",\"id\":\"id-" + i
                        + "\",\"reply\":false}");
            }
            messages(alice, 5);
        }
        try (TestParley second = TestParley.start(env); WsTestClient bob = second.connect("bob");
             WsTestClient alice = second.connect("alice")) {
            bob.expect("welcome");
            bob.send("{\"type\":\"join\",\"conversation\":\"durable\",\"since\":2}");
            JsonNode joined = bob.expect("joined");
            assertEquals(5, joined.get("offset").asLong());
            assertTrue(joined.get("recovered").asBoolean());
            assertEquals("member", joined.get("role").asText(), "alice still owns it");
            List<JsonNode> gap = messages(bob, 3);
            assertEquals(List.of(3L, 4L, 5L), offsets(gap));
            assertEquals(List.of("m3", "m4", "m5"), gap.stream().map(m -> m.get("content").asText()).toList());

            alice.expect("welcome");
            assertEquals("owner", alice.join("durable").get("role").asText());
            alice.send("{\"type\":\"send\",\"conversation\":\"durable\",\"content\":\"m5\",\"id\":\"id-5\","
                    + "\"reply\":false,\"ref\":\"again\"}");
            JsonNode ack = alice.expect("ack");
            assertEquals(5, ack.get("offset").asLong(), "the resend gets the original ack");
            alice.send("{\"type\":\"send\",\"conversation\":\"durable\",\"content\":\"m6\",\"reply\":false}");
            assertEquals(6, alice.expect("ack").get("offset").asLong(), "offsets continue");
            assertEquals(6, bob.expect("message").get("offset").asLong(), "and the resend was not pushed again");
        }
    }

    @Test
    void twentyConnectionsSendingFiftyEachGetOffsetsOneToAThousand() throws Exception {
        try (TestParley parley = TestParley.start(Map.of("PARLEY_MESSAGES_PER_SECOND", "10000"))) {
            assertEquals(LongStream.rangeClosed(1, 1000).boxed().toList(),
                    sendConcurrently(List.of(parley, parley), "crowd-" + UUID.randomUUID()));
        }
    }

    @Test
    void twoInstancesOnOnePostgresqlGiveOffsetsOneToAThousandWithoutGapOrDuplicate() throws Exception {
        String url = System.getenv("PARLEY_TEST_PG_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(), "PARLEY_TEST_PG_URL is not set");
        Map<String, String> env = new HashMap<>(Map.of("PARLEY_DB_URL", url, "PARLEY_MESSAGES_PER_SECOND", "10000",
                "PARLEY_DB_USER", Optional.ofNullable(System.getenv("PARLEY_TEST_PG_USER")).orElse("postgres"),
                "PARLEY_DB_PASSWORD", Optional.ofNullable(System.getenv("PARLEY_TEST_PG_PASSWORD")).orElse("")));
        try (TestParley one = TestParley.start(env); TestParley two = TestParley.start(env)) {
            assertEquals(LongStream.rangeClosed(1, 1000).boxed().toList(),
                    sendConcurrently(List.of(one, two), "shared-" + UUID.randomUUID()));
        }
    }

    @Test
    void whenTheDatabaseGoesAwayRequestsGetUnavailableWithRetryAfterAndReadinessSaysSo(@TempDir Path data)
            throws Exception {
        Server database = Server.createTcpServer("-tcpPort", "0", "-baseDir", data.toString(), "-ifNotExists")
                .start();
        String url = "jdbc:h2:tcp://127.0.0.1:" + database.getPort() + "/parley" + H2;
        try (TestParley parley = TestParley.start(Map.of("PARLEY_DB_URL", url, "PARLEY_STORE_RETRIES", "1",
                "PARLEY_STORE_RETRY_DELAY", "50ms", "PARLEY_STORE_BREAKER_FAILURES", "2",
                "PARLEY_STORE_BREAKER_OPEN_FOR", "1m", "PARLEY_API_KEY", "k3y"));
             WsTestClient cleo = parley.connect("cleo")) {
            cleo.expect("welcome");
            cleo.join("fragile");
            cleo.send("{\"type\":\"send\",\"conversation\":\"fragile\",\"content\":\"kept\",\"reply\":false}");
            cleo.expect("ack");
            cleo.expect("message");

            database.stop();
            for (int i = 0; i < 3; i++) {
                cleo.send("{\"type\":\"send\",\"conversation\":\"fragile\",\"content\":\"lost " + i
                        + "\",\"reply\":false,\"ref\":\"s" + i + "\"}");
                JsonNode error = cleo.expect("error");
                assertEquals("unavailable", error.get("code").asText());
                assertEquals("s" + i, error.get("ref").asText());
                assertTrue(error.get("retry_after_ms").asLong() > 0);
            }
            assertFalse(cleo.isClosed(), "the connection stays usable");
            for (HttpResponse<String> http : List.of(
                    parley.post("/api/conversations/fragile/events", "{\"type\":\"STEP_STARTED\",\"stepName\":\"s\"}",
                            "Authorization", "Bearer k3y"),
                    parley.post("/api/conversations/fragile/messages", "{\"content\":\"x\"}",
                            "Authorization", "Bearer k3y"),
                    parley.get("/api/conversations/fragile/messages?user=cleo"),
                    parley.post("/agui?user=cleo", "{\"threadId\":\"fragile\",\"runId\":\"r\",\"messages\":[]}"))) {
                assertProblem(http, 503, "unavailable");
                assertTrue(Long.parseLong(http.headers().firstValue("Retry-After").orElseThrow()) >= 1);
            }
            Eventually.until("readiness reports the store", () -> parley.get("/observe/health").statusCode() == 503);
            assertTrue(parley.get("/observe/health").body().contains("\"name\":\"store\",\"status\":\"DOWN\""),
                    parley.get("/observe/health").body());
        } finally {
            database.stop();
        }
    }

    @Test
    void retentionKeepsTheNewestMessagesAndOffsetsContinue() {
        try (TestParley parley = TestParley.start(Map.of("PARLEY_RETENTION_MAX_MESSAGES", "3",
                "PARLEY_RETENTION_INTERVAL", "200ms", "PARLEY_MESSAGES_PER_SECOND", "1000"));
             WsTestClient dora = parley.connect("dora")) {
            dora.expect("welcome");
            dora.join("short-memory");
            sendMany(dora, "short-memory", "r", 5);
            messages(dora, 5);
            Eventually.until("the purge ran", () -> {
                dora.send("{\"type\":\"history\",\"conversation\":\"short-memory\"}");
                return dora.expect("history").get("messages").size() == 3;
            });
            dora.send("{\"type\":\"history\",\"conversation\":\"short-memory\"}");
            List<Long> kept = new ArrayList<>();
            dora.expect("history").get("messages").forEach(m -> kept.add(m.get("offset").asLong()));
            assertEquals(List.of(3L, 4L, 5L), kept);
            dora.send("{\"type\":\"send\",\"conversation\":\"short-memory\",\"content\":\"next\",\"reply\":false}");
            assertEquals(6, dora.expect("ack").get("offset").asLong());
            messages(dora, 1);

            try (WsTestClient late = parley.connect("late")) {
                late.expect("welcome");
                late.send("{\"type\":\"join\",\"conversation\":\"short-memory\",\"since\":1}");
                assertFalse(late.expect("joined").get("recovered").asBoolean(), "offset 2 was purged: a gap");
                assertEquals(List.of(3L, 4L, 5L, 6L), offsets(messages(late, 4)), "what is still stored follows");
                late.send("{\"type\":\"leave\",\"conversation\":\"short-memory\"}");
                late.expect("left");
                late.send("{\"type\":\"join\",\"conversation\":\"short-memory\",\"since\":2}");
                assertTrue(late.expect("joined").get("recovered").asBoolean(), "nothing after 2 is missing");
                assertEquals(List.of(3L, 4L, 5L, 6L), offsets(messages(late, 4)));
            }
        }
    }

    /** 20 connections (spread over the instances) send 50 messages each into one conversation; the acks' offsets. */
    private static List<Long> sendConcurrently(List<TestParley> instances, String conversation) throws Exception {
        List<Long> offsets = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            TestParley parley = instances.get(s % instances.size());
            int sender = s;
            senders.add(CompletableFuture.runAsync(() -> {
                try (WsTestClient client = parley.connect("sender-" + sender)) {
                    client.expect("welcome");
                    client.join(conversation);
                    for (int i = 0; i < 50; i++) {
                        client.send("{\"type\":\"send\",\"conversation\":\"" + conversation + "\",\"content\":\"s"
                                + sender + "-" + i + "\",\"reply\":false}");
                    }
                    int acks = 0;
                    while (acks < 50) {
                        JsonNode frame = client.next();
                        if (frame.get("type").asText().equals("ack")) {
                            offsets.add(frame.get("offset").asLong());
                            acks++;
                        }
                    }
                }
            }));
        }
        CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get();
        List<Long> sorted = new ArrayList<>(offsets);
        Collections.sort(sorted);
        return sorted;
    }
}

package io.parley.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Conversations over a real socket with real clients: join, send, ack, fan-out in offset order, history. */
class ConversationOverWebSocketTest {
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
    void welcomeAnnouncesConnectionUserNodeHeartbeatAndLimits() {
        try (WsTestClient alice = WsTestClient.connect(parley.port(), "user=alice")) {
            JsonNode welcome = alice.expect("welcome");
            assertEquals(1, welcome.get("protocol").asInt());
            assertEquals("alice", welcome.get("user").asText());
            assertEquals("test-node", welcome.get("node").asText());
            assertTrue(welcome.get("connection").asText().startsWith("c-"));
            assertEquals(25_000, welcome.at("/heartbeat/interval_ms").asLong());
            assertEquals(10_000, welcome.at("/heartbeat/timeout_ms").asLong());
            assertEquals(65_536, welcome.at("/limits/max_message_bytes").asLong());
            assertEquals(100_000, welcome.at("/limits/messages_per_second").asInt(), "as this test configured it");
            assertEquals(10 * 1024 * 1024, welcome.at("/limits/max_upload_bytes").asLong());
        }
    }

    @Test
    void anonymousClientsGetAMadeUpUserName() {
        try (WsTestClient anonymous = WsTestClient.connect(parley.port(), "")) {
            assertTrue(anonymous.expect("welcome").get("user").asText().startsWith("anon-"));
        }
    }

    @Test
    void twoUsersSeeEachOthersMessagesInOrderWithConsecutiveOffsets() {
        try (WsTestClient alice = parley.connect("alice"); WsTestClient bob = parley.connect("bob")) {
            alice.expect("welcome");
            bob.expect("welcome");
            assertEquals("owner", alice.join("duet").get("role").asText());
            assertEquals("member", bob.join("duet").get("role").asText());

            CompletableFuture<Void> aliceSends = CompletableFuture.runAsync(() -> sendMany(alice, "duet", "a", 25));
            CompletableFuture<Void> bobSends = CompletableFuture.runAsync(() -> sendMany(bob, "duet", "b", 25));
            aliceSends.join();
            bobSends.join();

            List<JsonNode> aliceSaw = messages(alice, 50);
            List<JsonNode> bobSaw = messages(bob, 50);
            assertEquals(LongStream.rangeClosed(1, 50).boxed().toList(), offsets(aliceSaw));
            assertEquals(offsets(aliceSaw), offsets(bobSaw));
            assertEquals(aliceSaw.stream().map(m -> m.get("content").asText()).toList(),
                    bobSaw.stream().map(m -> m.get("content").asText()).toList(), "same order for everyone");
            assertEquals(25, aliceSaw.stream().filter(m -> m.get("sender").asText().equals("bob")).count());
        }
    }

    @Test
    void everySendIsAckedWithItsRefOnceCommittedBeforeTheMessageComesBack() {
        try (WsTestClient carol = parley.connect("carol")) {
            carol.expect("welcome");
            carol.join("hundred");
            for (int i = 0; i < 100; i++) {
                carol.send("{\"type\":\"send\",\"conversation\":\"hundred\",\"content\":\"n" + i + "\",\"ref\":\"s" + i
                        + "\",\"reply\":false}");
            }
            // sends that follow one another are pipelined: the next ack may come before this message, never after
            List<JsonNode> frames = carol.untilCount("message", 100);
            List<JsonNode> acks = frames.stream().filter(f -> f.get("type").asText().equals("ack")).toList();
            List<JsonNode> messages = frames.stream().filter(f -> f.get("type").asText().equals("message")).toList();
            assertEquals(100, acks.size());
            for (int i = 0; i < 100; i++) {
                JsonNode ack = acks.get(i);
                assertEquals("s" + i, ack.get("ref").asText());
                assertEquals(i + 1, ack.get("offset").asLong());
                JsonNode message = messages.get(i);
                assertEquals(i + 1, message.get("offset").asLong());
                assertEquals(ack.get("id").asText(), message.get("id").asText());
                assertEquals("n" + i, message.get("content").asText());
                assertEquals("user", message.get("role").asText());
                assertTrue(message.get("at").asText().endsWith("Z"));
                assertTrue(frames.indexOf(ack) < frames.indexOf(message), "the ack comes before its message");
            }
        }
    }

    @Test
    void aResendWithTheSameIdGetsTheOriginalAckAndIsStoredOnce() {
        try (WsTestClient dave = parley.connect("dave")) {
            dave.expect("welcome");
            dave.join("resend");
            String send = "{\"type\":\"send\",\"conversation\":\"resend\",\"content\":\"once\",\"reply\":false,"
                    + "\"id\":\"9b2e7c1a-1111-4a4a-9c9c-000000000001\",\"ref\":\"%s\"}";
            dave.send(send.formatted("first"));
            JsonNode first = dave.expect("ack");
            dave.expect("message");
            dave.send(send.formatted("again"));
            JsonNode again = dave.expect("ack");
            assertEquals("again", again.get("ref").asText());
            assertEquals(first.get("offset"), again.get("offset"));
            assertEquals("9b2e7c1a-1111-4a4a-9c9c-000000000001", again.get("id").asText());

            dave.send("{\"type\":\"history\",\"conversation\":\"resend\"}");
            assertEquals(1, dave.expect("history").get("messages").size());
            assertNothingBefore(dave, "no second message event");
        }
    }

    @Test
    void reusingAnIdForOtherContentIsAConflict() {
        try (WsTestClient erin = parley.connect("erin")) {
            erin.expect("welcome");
            erin.join("conflict");
            erin.send("{\"type\":\"send\",\"conversation\":\"conflict\",\"content\":\"one\",\"id\":\"m-1\",\"reply\":false}");
            erin.expect("ack");
            erin.expect("message");
            erin.send("{\"type\":\"send\",\"conversation\":\"conflict\",\"content\":\"two\",\"id\":\"m-1\",\"ref\":\"r\"}");
            JsonNode error = erin.expect("error");
            assertEquals("conflict", error.get("code").asText());
            assertEquals("r", error.get("ref").asText());
        }
    }

    @Test
    void leaveStopsTheConversationsEventsAndSendingAfterItIsNotJoined() {
        try (WsTestClient frank = parley.connect("frank"); WsTestClient gina = parley.connect("gina")) {
            frank.expect("welcome");
            gina.expect("welcome");
            frank.join("leaving");
            gina.join("leaving");
            frank.send("{\"type\":\"leave\",\"conversation\":\"leaving\",\"ref\":\"l\"}");
            assertEquals("l", frank.expect("left").get("ref").asText());

            gina.send("{\"type\":\"send\",\"conversation\":\"leaving\",\"content\":\"anyone?\",\"reply\":false}");
            gina.expect("ack");
            gina.expect("message");
            frank.send("{\"type\":\"send\",\"conversation\":\"leaving\",\"content\":\"me\"}");
            assertEquals("not_joined", frank.expect("error").get("code").asText(), "and no message of gina's came");
            frank.send("{\"type\":\"leave\",\"conversation\":\"leaving\"}");
            assertEquals("not_joined", frank.expect("error").get("code").asText());
        }
    }

    @Test
    void joinWithSinceReplaysExactlyTheMissedMessagesThenGoesLive() {
        try (WsTestClient hank = parley.connect("hank")) {
            hank.expect("welcome");
            hank.join("recover");
            sendMany(hank, "recover", "h", 5);
            messages(hank, 5);
            try (WsTestClient ivy = parley.connect("ivy")) {
                ivy.expect("welcome");
                ivy.send("{\"type\":\"join\",\"conversation\":\"recover\",\"since\":2}");
                JsonNode joined = ivy.expect("joined");
                assertEquals(5, joined.get("offset").asLong());
                assertTrue(joined.get("recovered").asBoolean());
                assertEquals(List.of(3L, 4L, 5L), offsets(messages(ivy, 3)));

                hank.send("{\"type\":\"send\",\"conversation\":\"recover\",\"content\":\"live\",\"reply\":false}");
                assertEquals(6, ivy.expect("message").get("offset").asLong());
            }
        }
    }

    @Test
    void joinWithoutSinceReportsTheLatestOffsetAndReplaysNothing() {
        try (WsTestClient jo = parley.connect("jo")) {
            jo.expect("welcome");
            jo.join("latest");
            sendMany(jo, "latest", "j", 3);
            messages(jo, 3);
            try (WsTestClient kim = parley.connect("kim")) {
                kim.expect("welcome");
                JsonNode joined = kim.join("latest");
                assertEquals(3, joined.get("offset").asLong());
                assertFalse(joined.has("recovered"));
                assertNothingBefore(kim, "nothing is replayed");
            }
        }
    }

    @Test
    void moreThan300MissedMessagesReplayTheFirst300AndReportNotRecovered() {
        try (WsTestClient lea = parley.connect("lea")) {
            lea.expect("welcome");
            lea.join("flood");
            sendMany(lea, "flood", "f", 302);
            messages(lea, 302);
            try (WsTestClient max = parley.connect("max")) {
                max.expect("welcome");
                max.send("{\"type\":\"join\",\"conversation\":\"flood\",\"since\":1}");
                JsonNode joined = max.expect("joined");
                assertFalse(joined.get("recovered").asBoolean(), "the replay does not reach the latest offset");
                assertEquals(302, joined.get("offset").asLong());
                assertEquals(LongStream.rangeClosed(2, 301).boxed().toList(), offsets(messages(max, 300)),
                        "the first 300 after since, contiguous");
                max.send("{\"type\":\"ping\",\"ref\":\"after\"}");
                assertEquals("pong", max.next().get("type").asText(), "nothing more was replayed");
                max.send("{\"type\":\"history\",\"conversation\":\"flood\",\"after\":301}");
                JsonNode rest = max.expect("history");
                assertEquals(302, rest.get("messages").get(0).get("offset").asLong(), "the rest is paged");
                assertFalse(rest.get("has_more").asBoolean());
            }
        }
    }

    @Test
    void historyPagesOldestFirstWithBeforeAfterAndLimit() {
        try (WsTestClient ned = parley.connect("ned")) {
            ned.expect("welcome");
            ned.join("pages");
            sendMany(ned, "pages", "p", 12);
            messages(ned, 12);
            assertEquals(List.of(8L, 9L, 10L, 11L, 12L), history(ned, "\"limit\":5"));
            assertEquals(List.of(4L, 5L, 6L), history(ned, "\"before\":7,\"limit\":3"));
            assertEquals(List.of(3L, 4L), history(ned, "\"after\":2,\"limit\":2"));
            assertEquals(List.of(3L, 4L, 5L), history(ned, "\"after\":2,\"before\":6"));
            assertEquals(12, history(ned, "").size());
            ned.send("{\"type\":\"history\",\"conversation\":\"pages\",\"after\":5,\"before\":5,\"ref\":\"x\"}");
            JsonNode error = ned.expect("error");
            assertEquals("bad_request", error.get("code").asText());
            assertEquals("x", error.get("ref").asText());
        }
    }

    @Test
    void historyOfAConversationNotJoinedIsRefused() {
        try (WsTestClient oli = parley.connect("oli")) {
            oli.expect("welcome");
            oli.send("{\"type\":\"history\",\"conversation\":\"elsewhere\",\"ref\":\"h\"}");
            JsonNode error = oli.expect("error");
            assertEquals("not_joined", error.get("code").asText());
            assertEquals("h", error.get("ref").asText());
        }
    }

    @Test
    void pingIsAnsweredWithPongAsJsonAndAsBareText() {
        try (WsTestClient pia = parley.connect("pia")) {
            pia.expect("welcome");
            pia.send("{\"type\":\"ping\",\"ref\":\"p1\"}");
            assertEquals("p1", pia.expect("pong").get("ref").asText());
            pia.send("ping");
            assertEquals("pong", pia.next().asText());
        }
    }

    @Test
    void aTransportPingIsAnsweredAndCountsAsLiveness() {
        try (WsTestClient quinn = parley.connect("quinn")) {
            quinn.expect("welcome");
            quinn.ping();
            quinn.send("{\"type\":\"ping\"}");
            quinn.expect("pong");
        }
    }

    static void sendMany(WsTestClient client, String conversation, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            client.send("{\"type\":\"send\",\"conversation\":\"" + conversation + "\",\"content\":\"" + prefix + i
                    + "\",\"reply\":false}");
        }
    }

    /** The next {@code count} message events, skipping acks. */
    static List<JsonNode> messages(WsTestClient client, int count) {
        List<JsonNode> messages = new ArrayList<>();
        while (messages.size() < count) {
            JsonNode frame = client.next();
            String type = frame.get("type").asText();
            if (type.equals("message")) {
                messages.add(frame);
            } else if (!type.equals("ack")) {
                throw new AssertionError("unexpected frame " + frame);
            }
        }
        return messages;
    }

    /**
     * Asserts that nothing is on its way to {@code client} ahead of the answer to a request sent now: the server
     * answers in order, so anything sent earlier arrives before the {@code pong}.
     */
    static void assertNothingBefore(WsTestClient client, String what) {
        client.send("{\"type\":\"ping\",\"ref\":\"sentinel\"}");
        JsonNode next = client.next();
        assertEquals("pong", next.get("type").asText(), () -> what + ": " + next);
        assertEquals("sentinel", next.get("ref").asText());
    }

    static List<Long> offsets(List<JsonNode> messages) {
        return messages.stream().map(m -> m.get("offset").asLong()).toList();
    }

    private static List<Long> history(WsTestClient client, String bounds) {
        client.send("{\"type\":\"history\",\"conversation\":\"pages\"" + (bounds.isEmpty() ? "" : "," + bounds) + "}");
        JsonNode history = client.expect("history");
        List<Long> offsets = new ArrayList<>();
        history.get("messages").forEach(m -> offsets.add(m.get("offset").asLong()));
        return offsets;
    }
}

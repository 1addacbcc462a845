package io.parley.bootstrap;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three nodes on one PostgreSQL and one Redis, each a whole server on its own port: what a member on any node
 * sees is what it would see on one node.
 */
class ClusterTest {
    private static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(3, Map.of("PARLEY_MESSAGES_PER_SECOND", "1000", "PARLEY_LLM_ECHO_DELAY", "150ms",
                "PARLEY_HTTP_REQUESTS_PER_MINUTE", "10000"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void messagesFromSendersOnEveryNodeReachEveryMemberInOrderWithNoGap() throws Exception {
        String room = cluster.conversation("everyone");
        List<WsTestClient> members = new ArrayList<>();
        try {
            for (int node = 0; node < 3; node++) {
                for (int i = 0; i < 2; i++) {
                    WsTestClient member = WsTestClient.connect(cluster.node(node).port(), "user=m" + node + i);
                    member.expect("welcome");
                    member.join(room);
                    members.add(member);
                }
            }
            int perSender = 20;
            List<CompletableFuture<Void>> sending = new ArrayList<>();
            for (int node = 0; node < 3; node++) {
                WsTestClient sender = members.get(node * 2);
                int from = node;
                sending.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perSender; i++) {
                        sender.send("{\"type\":\"send\",\"conversation\":\"" + room + "\",\"content\":\"n" + from
                                + " #" + i + "\",\"reply\":false}");
                    }
                }));
            }
            sending.forEach(CompletableFuture::join);
            long total = 3L * perSender;
            for (WsTestClient member : members) {
                List<Long> offsets = member.untilCount("message", (int) total).stream()
                        .filter(f -> f.path("type").asText().equals("message"))
                        .map(f -> f.get("offset").asLong()).toList();
                assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), offsets,
                        "every message once, in offset order");
            }
        } finally {
            members.forEach(WsTestClient::close);
        }
    }

    @Test
    void askersOnTwoNodesAtOnceGetOneRunAfterTheOtherNeverTwoAtATime() {
        String room = cluster.conversation("one-at-a-time");
        try (WsTestClient a = WsTestClient.connect(cluster.node(0).port(), "user=first-a");
             WsTestClient b = WsTestClient.connect(cluster.node(1).port(), "user=second-b");
             WsTestClient watcher = WsTestClient.connect(cluster.node(2).port(), "user=watcher-c")) {
            for (WsTestClient client : List.of(a, b, watcher)) {
                client.expect("welcome");
                client.join(room);
            }
            a.send("{\"type\":\"send\",\"conversation\":\"" + room + "\",\"content\":\"first question here\"}");
            b.send("{\"type\":\"send\",\"conversation\":\"" + room + "\",\"content\":\"second question here\"}");
            List<String> lifecycle = new ArrayList<>();
            while (lifecycle.size() < 4) {
                String type = watcher.next().path("type").asText();
                if (type.equals("RUN_STARTED") || type.equals("RUN_FINISHED") || type.equals("RUN_ERROR")) {
                    lifecycle.add(type);
                }
            }
            assertEquals(List.of("RUN_STARTED", "RUN_FINISHED", "RUN_STARTED", "RUN_FINISHED"), lifecycle,
                    "the second run starts only once the first has ended, though they were asked on two nodes");
        }
    }

    @Test
    void aMemberOnAnotherNodeJoiningMidRunSeesTheRunSoFarThenTheRestAndACancelFromAThirdNodeStopsIt() {
        String room = cluster.conversation("mid-run");
        try (WsTestClient owner = WsTestClient.connect(cluster.node(1).port(), "user=owner-b");
             WsTestClient asker = WsTestClient.connect(cluster.node(0).port(), "user=asker-a");
             WsTestClient late = WsTestClient.connect(cluster.node(2).port(), "user=late-c")) {
            owner.expect("welcome");
            asker.expect("welcome");
            late.expect("welcome");
            owner.join(room);
            asker.join(room);
            asker.send("{\"type\":\"send\",\"conversation\":\"" + room + "\",\"content\":\""
                    + "one two three four five six seven eight nine ten ".repeat(4) + "\"}");
            String run = asker.until("RUN_STARTED").getLast().get("runId").asText();
            asker.until("TEXT_MESSAGE_CONTENT");
            asker.until("TEXT_MESSAGE_CONTENT");

            JsonNode joined = late.join(room);
            assertEquals("joined", joined.get("type").asText());
            JsonNode started = late.expect("RUN_STARTED");
            assertEquals(run, started.get("runId").asText(), "the run so far, from the node that runs it");
            List<JsonNode> soFar = late.until("TEXT_MESSAGE_CONTENT");
            assertTrue(soFar.getLast().get("delta").asText().length() > 3, "the text so far in one piece");

            owner.send("{\"type\":\"cancel\",\"run\":\"" + run + "\",\"ref\":\"stop\"}");
            assertEquals("stop", owner.until("ack").getLast().get("ref").asText());
            assertEquals("cancelled", asker.until("RUN_ERROR").getLast().get("code").asText());
            assertEquals("cancelled", late.until("RUN_ERROR").getLast().get("code").asText());
        }
    }

    @Test
    void aStateChangeOnOneNodeReachesMembersOnTheOthersAndTwoChangesToOneVersionNeverBothWin() {
        String room = cluster.conversation("shared-state");
        try (WsTestClient onA = WsTestClient.connect(cluster.node(0).port(), "user=state-a");
             WsTestClient onB = WsTestClient.connect(cluster.node(1).port(), "user=state-b")) {
            onA.expect("welcome");
            onB.expect("welcome");
            onA.join(room);
            onB.join(room);
            onA.send("{\"type\":\"state\",\"conversation\":\"" + room + "\",\"version\":0,"
                    + "\"patch\":[{\"op\":\"add\",\"path\":\"/step\",\"value\":1}]}");
            assertEquals(1, onA.until("ack").getLast().get("version").asLong());
            JsonNode delta = onB.until("STATE_DELTA").getLast();
            assertEquals(1, delta.get("version").asLong(), "the change reached the other node");
            assertEquals("/step", delta.at("/delta/0/path").asText());

            onB.send("{\"type\":\"state\",\"conversation\":\"" + room + "\",\"version\":0,"
                    + "\"patch\":[{\"op\":\"add\",\"path\":\"/step\",\"value\":9}]}");
            assertEquals("conflict", onB.until("error").getLast().get("code").asText(),
                    "version 0 was taken on the other node");
            assertEquals(1, onB.expect("STATE_SNAPSHOT").at("/snapshot/step").asInt());
        }
    }

    @Test
    void anUploadOnOneNodeReachesMembersOnTheOthersAndItsLinkWorksOnEveryNode() throws Exception {
        String room = cluster.conversation("uploads");
        byte[] file = UploadsTest.bytes(150_000, 4);
        try (WsTestClient onA = WsTestClient.connect(cluster.node(0).port(), "user=uploader-a");
             WsTestClient onB = WsTestClient.connect(cluster.node(1).port(), "user=viewer-b")) {
            onA.expect("welcome");
            onB.expect("welcome");
            onA.join(room);
            onB.join(room);
            JsonNode sent = UploadsTest.upload(onA, room, "chart.png", "image/png", file, "u1");
            JsonNode seen = onB.until("message").getLast();
            assertEquals(sent.get("offset").asLong(), seen.get("offset").asLong());
            assertEquals(UploadsTest.sha256(file), seen.at("/attachment/sha256").asText());
            String url = seen.at("/attachment/url").asText();
            for (int node = 0; node < 3; node++) {
                HttpResponse<byte[]> got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + cluster.node(node).port() + url)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, got.statusCode(), "node " + node);
                assertArrayEquals(file, got.body(), "node " + node + " reads the bytes from the shared store");
            }
        }
    }

    @Test
    void presenceCountsAUsersConnectionsOnEveryNodeAndTellsFirstArrivalAndLastDepartureOnce() {
        String room = cluster.conversation("presence");
        try (WsTestClient watcher = WsTestClient.connect(cluster.node(0).port(), "user=watcher-p");
             WsTestClient onB = WsTestClient.connect(cluster.node(1).port(), "user=roamer");
             WsTestClient onC = WsTestClient.connect(cluster.node(2).port(), "user=roamer")) {
            watcher.seePresence().expect("welcome");
            watcher.join(room);
            onB.expect("welcome");
            onC.expect("welcome");
            onB.join(room);
            PresenceTest.untilTold(watcher, "presence_join", "roamer");
            onC.join(room);
            onC.send("{\"type\":\"presence\",\"conversation\":\"" + room + "\",\"ref\":\"who\"}");
            assertEquals(Map.of("watcher-p", 1, "roamer", 2), PresenceTest.members(onC.until("presence").getLast()),
                    "every node's connections");

            onB.close();
            watcher.send("{\"type\":\"presence\",\"conversation\":\"" + room + "\",\"ref\":\"who\"}");
            awaitMembers(watcher, room, Map.of("watcher-p", 1, "roamer", 1));
            onC.close();
            List<JsonNode> told = PresenceTest.untilTold(watcher, "presence_leave", "roamer");
            assertTrue(told.stream().noneMatch(f -> f.path("type").asText().equals("presence_join")),
                    "the second connection arrived without a second presence_join");
            watcher.send("{\"type\":\"presence\",\"conversation\":\"" + room + "\"}");
            assertEquals(Map.of("watcher-p", 1), PresenceTest.members(watcher.until("presence").getLast()));
        }
    }

    @Test
    void relaysPushesBroadcastsAndMembershipChangesMadeOnOneNodeReachMembersOnTheOthers() {
        String room = cluster.conversation("everything-live");
        TestParley a = cluster.node(0);
        try (WsTestClient owner = WsTestClient.connect(a.port(), "user=owner-l");
             WsTestClient onB = WsTestClient.connect(cluster.node(1).port(), "user=member-l");
             WsTestClient onC = WsTestClient.connect(cluster.node(2).port(), "user=member-l");
             WsTestClient witnessB = WsTestClient.connect(cluster.node(1).port(), "user=witness-l");
             WsTestClient witnessC = WsTestClient.connect(cluster.node(2).port(), "user=witness-l")) {
            for (WsTestClient client : List.of(owner, onB, onC, witnessB, witnessC)) {
                client.expect("welcome");
                client.join(room);
            }

            assertEquals(202, a.asServer("POST", "/api/conversations/" + room + "/events",
                    "[{\"type\":\"STEP_STARTED\",\"stepName\":\"indexing\"}]").statusCode());
            for (WsTestClient member : List.of(onB, onC)) {
                assertEquals("indexing", member.expect("STEP_STARTED").get("stepName").asText(), "a relay");
            }
            assertEquals(202, a.asServer("POST", "/api/users/member-l/events",
                    "{\"type\":\"CUSTOM\",\"name\":\"for-you\"}").statusCode());
            assertEquals(202, a.asServer("POST", "/api/broadcast",
                    "{\"events\":[{\"type\":\"CUSTOM\",\"name\":\"for-all\"}]}").statusCode());
            for (WsTestClient member : List.of(onB, onC)) {
                assertEquals("for-you", member.expect("CUSTOM").get("name").asText(), "a push to the user");
                assertEquals("for-all", member.expect("CUSTOM").get("name").asText(), "a broadcast");
            }

            assertEquals(200, a.send("PUT", "/api/conversations/" + room + "/members/member-l?user=owner-l",
                    "{\"role\":\"viewer\"}").statusCode());
            for (WsTestClient member : List.of(onB, onC)) {
                assertEquals("viewer", member.expect("role").get("role").asText(), "a demotion, at once");
            }
            assertEquals(204, a.send("DELETE", "/api/conversations/" + room + "/members/member-l?user=owner-l", null)
                    .statusCode());
            for (WsTestClient member : List.of(onB, onC)) {
                assertEquals("removed", member.expect("left").get("reason").asText(), "a removal, on every node");
            }
            owner.send("{\"type\":\"send\",\"conversation\":\"" + room
                    + "\",\"content\":\"after\",\"reply\":false}");
            witnessB.until("message");
            witnessC.until("message");
            for (WsTestClient member : List.of(onB, onC)) {
                member.send("{\"type\":\"ping\",\"ref\":\"sentinel\"}");
                assertEquals("pong", member.next().get("type").asText(), "nothing more reached the removed member");
            }
        }
    }

    /** Asks for presence until it is {@code expected}: a departure on another node is counted a moment later. */
    private static void awaitMembers(WsTestClient client, String room, Map<String, Integer> expected) {
        long deadline = System.nanoTime() + WsTestClient.WAIT.toNanos();
        Map<String, Integer> seen = PresenceTest.members(client.until("presence").getLast());
        while (!seen.equals(expected) && System.nanoTime() < deadline) {
            client.send("{\"type\":\"presence\",\"conversation\":\"" + room + "\"}");
            seen = PresenceTest.members(client.until("presence").getLast());
        }
        assertEquals(expected, seen);
    }
}

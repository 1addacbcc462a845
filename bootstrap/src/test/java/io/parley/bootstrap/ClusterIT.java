package io.parley.bootstrap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cluster in which one node is the packaged jar as its own process, killed with SIGKILL mid-traffic: the
 * members on the other nodes lose nothing, and its clients reconnect to another node and recover exactly.
 */
class ClusterIT {

    @Test
    void aNodeKilledMidTrafficCostsNobodyAMessage(@TempDir Path workDir) throws Exception {
        try (TestCluster cluster = TestCluster.start(2, Map.of("PARLEY_MESSAGES_PER_SECOND", "1000"))) {
            Map<String, String> env = new HashMap<>(cluster.environment(9, System.getenv("PARLEY_TEST_REDIS_URL"),
                    Map.of("PARLEY_MESSAGES_PER_SECOND", "1000")));
            env.put("PARLEY_API_KEY", TestParley.SERVER_KEY);
            String room = cluster.conversation("killed");
            try (JarProcess doomed = JarProcess.start(workDir, env);
                 WsTestClient survivor = WsTestClient.connect(cluster.node(1).port(), "user=survivor");
                 WsTestClient sender = WsTestClient.connect(cluster.node(0).port(), "user=sender")) {
                survivor.expect("welcome");
                sender.expect("welcome");
                sender.join(room);
                survivor.join(room);
                WsTestClient onDoomed = WsTestClient.connect(doomed.port(), "user=on-doomed");
                onDoomed.expect("welcome");
                onDoomed.join(room);

                long total = 40;
                List<Long> seenOnDoomed = new ArrayList<>();
                for (int i = 1; i <= total; i++) {
                    sender.send("{\"type\":\"send\",\"conversation\":\"" + room + "\",\"content\":\"m" + i
                            + "\",\"reply\":false}");
                    if (i == 15) {
                        for (JsonNode frame : onDoomed.untilCount("message", 15)) {
                            if (frame.path("type").asText().equals("message")) {
                                seenOnDoomed.add(frame.get("offset").asLong());
                            }
                        }
                        doomed.kill();
                        assertEquals(1006, onDoomed.awaitClose().code(), "killed: no close frame");
                        onDoomed.close();
                    }
                }

                List<Long> survived = offsets(survivor.untilCount("message", (int) total));
                assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), survived,
                        "a member on another node lost nothing");

                long since = seenOnDoomed.getLast();
                try (WsTestClient back = WsTestClient.connect(cluster.node(1).port(), "user=on-doomed")) {
                    back.expect("welcome");
                    back.send("{\"type\":\"join\",\"conversation\":\"" + room + "\",\"since\":" + since + "}");
                    JsonNode joined = back.expect("joined");
                    assertTrue(joined.get("recovered").asBoolean(), joined.toString());
                    List<Long> recovered = offsets(back.untilCount("message", (int) (total - since)));
                    assertEquals(LongStream.rangeClosed(since + 1, total).boxed().toList(), recovered,
                            "the reconnecting client recovers exactly what it missed");
                }
            }
        }
    }

    @Test
    void aNodeKilledMidRunLeavesTheRunEndedForTheMembersElsewhereNeverHalfStored(@TempDir Path workDir)
            throws Exception {
        Map<String, String> fast = Map.of("PARLEY_RUN_LEASE", "2s", "PARLEY_LLM_ECHO_DELAY", "300ms");
        try (TestCluster cluster = TestCluster.start(2, fast)) {
            Map<String, String> env = new HashMap<>(cluster.environment(9, System.getenv("PARLEY_TEST_REDIS_URL"),
                    fast));
            String room = cluster.conversation("killed-mid-run");
            try (JarProcess doomed = JarProcess.start(workDir, env);
                 WsTestClient watcher = WsTestClient.connect(cluster.node(1).port(), "user=watcher")) {
                watcher.expect("welcome");
                watcher.join(room);
                WsTestClient asker = WsTestClient.connect(doomed.port(), "user=asker");
                asker.expect("welcome");
                asker.join(room);
                asker.send("{\"type\":\"send\",\"conversation\":\"" + room + "\",\"content\":\""
                        + "a long question that takes a while to answer ".repeat(5) + "\"}");
                String run = watcher.until("RUN_STARTED").getLast().get("runId").asText();
                watcher.until("TEXT_MESSAGE_CONTENT");
                doomed.kill();
                asker.close();

                JsonNode ended = watcher.until("RUN_ERROR").getLast();
                assertEquals(run, ended.get("runId") == null ? run : ended.get("runId").asText());
                assertEquals("unavailable", ended.get("code").asText(), "the node running it went away");
                watcher.send("{\"type\":\"history\",\"conversation\":\"" + room + "\"}");
                JsonNode history = watcher.expect("history");
                assertTrue(java.util.stream.StreamSupport.stream(history.get("messages").spliterator(), false)
                        .noneMatch(m -> m.path("role").asText().equals("assistant")), "no half reply was stored");
            }
        }
    }

    @Test
    void aNodeKilledWithoutGoodbyeHasItsUsersLeavePresenceAndItsConnectionsStopCounting(@TempDir Path workDir)
            throws Exception {
        Map<String, String> fast = Map.of("PARLEY_PRESENCE_TIMEOUT", "2s", "PARLEY_MAX_CONNECTIONS_PER_CLIENT", "1");
        try (TestCluster cluster = TestCluster.start(1, fast)) {
            Map<String, String> env = new HashMap<>(cluster.environment(9, System.getenv("PARLEY_TEST_REDIS_URL"),
                    fast));
            String room = cluster.conversation("ghosts");
            try (JarProcess doomed = JarProcess.start(workDir, env);
                 WsTestClient watcher = WsTestClient.connect(cluster.node(0).port(), "user=watcher")) {
                watcher.seePresence().expect("welcome");
                watcher.join(room);
                WsTestClient ghost = WsTestClient.connect(doomed.port(), "user=ghost");
                ghost.expect("welcome");
                ghost.join(room);
                PresenceTest.untilTold(watcher, "presence_join", "ghost");
                watcher.send("{\"type\":\"presence\",\"conversation\":\"" + room + "\"}");
                assertEquals(Map.of("watcher", 1, "ghost", 1), PresenceTest.members(watcher.until("presence").getLast()));
                UpgradeRefusalTest.assertProblem(RawHttp.upgrade(cluster.node(0).port(), "user=ghost", Map.of()), 429,
                        "too_many_for_client");

                doomed.kill();
                ghost.close();
                PresenceTest.untilTold(watcher, "presence_leave", "ghost");
                watcher.send("{\"type\":\"presence\",\"conversation\":\"" + room + "\"}");
                assertEquals(Map.of("watcher", 1), PresenceTest.members(watcher.until("presence").getLast()));
                try (WsTestClient back = WsTestClient.connect(cluster.node(0).port(), "user=ghost")) {
                    back.expect("welcome");
                }
            }
        }
    }

    private static List<Long> offsets(List<JsonNode> frames) {
        return frames.stream().filter(f -> f.path("type").asText().equals("message"))
                .map(f -> f.get("offset").asLong()).toList();
    }
}

package io.parley.bootstrap;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.parley.application.testing.Eventually;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Webhooks in a cluster: two nodes on one PostgreSQL, both with the receiver's URL; messages sent on both nodes
 * reach the receiver each once, in offset order: one node delivers at a time.
 */
class ClusterWebhooksTest {

    @Test
    void eachEventIsDeliveredByOneNodeOnceInOrder() throws Exception {
        resetWebhooks();
        try (WebhookReceiver receiver = WebhookReceiver.start("cluster-secret")) {
            Map<String, String> env = new HashMap<>(WebhooksTest.hooks(receiver, "50"));
            env.put("PARLEY_WEBHOOK_SECRET", "cluster-secret");
            try (TestCluster cluster = TestCluster.start(2, env)) {
                String room = cluster.conversation("hooked");
                try (WsTestClient onA = WsTestClient.connect(cluster.node(0).port(), "user=hook-a");
                     WsTestClient onB = WsTestClient.connect(cluster.node(1).port(), "user=hook-b")) {
                    onA.expect("welcome");
                    onB.expect("welcome");
                    onA.join(room);
                    onB.join(room);
                    int total = 20;
                    for (int i = 1; i <= total; i++) {
                        WsTestClient sender = i % 2 == 0 ? onA : onB;
                        sender.send("{\"type\":\"send\",\"conversation\":\"" + room + "\",\"content\":\"m" + i
                                + "\",\"reply\":false}");
                        sender.until("ack");
                    }
                    Eventually.until("every message arrived", () -> messages(receiver, room).size() >= total);
                    List<Long> offsets = messages(receiver, room).stream().map(e -> e.get("offset").asLong())
                            .toList();
                    assertEquals(java.util.stream.LongStream.rangeClosed(1, total).boxed().toList(), offsets,
                            "each once, in order, though both nodes have the URL");
                }
            }
        } finally {
            resetWebhooks();
        }
    }

    /**
     * Turns webhooks off in the shared test database, as a node without a URL does at start: earlier runs' lease
     * and cursors are not this run's (the database outlives the runs).
     */
    private static void resetWebhooks() throws SQLException {
        Map<String, String> pg = TestCluster.postgres();
        try (Connection db = DriverManager.getConnection(pg.get("PARLEY_DB_URL"), pg.get("PARLEY_DB_USER"),
                pg.getOrDefault("PARLEY_DB_PASSWORD", ""));
             Statement sql = db.createStatement()) {
            for (String table : List.of("webhook_state", "webhook_cursors", "membership_events")) {
                if (db.getMetaData().getTables(null, null, table, null).next()) {
                    sql.executeUpdate("DELETE FROM " + table);
                }
            }
        }
    }

    private static List<JsonNode> messages(WebhookReceiver receiver, String room) {
        return receiver.taken().stream().filter(e -> e.path("type").asText().equals("message")
                && e.path("conversation").asText().equals(room)).toList();
    }
}

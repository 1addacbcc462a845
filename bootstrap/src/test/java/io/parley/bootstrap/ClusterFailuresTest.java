package io.parley.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import io.parley.adapter.out.cluster.testing.OwnRedis;
import io.parley.application.testing.Eventually;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A cluster whose Redis goes away mid-traffic and comes back: nothing acknowledged is lost to anyone. */
class ClusterFailuresTest {

    @Test
    void aRedisThatStopsAndStartsAgainMidTrafficLosesNothingOnceItIsBack() throws Exception {
        try (OwnRedis redis = OwnRedis.start();
             TestCluster cluster = TestCluster.start(3, redis.url().toString(), Map.of("PARLEY_MESSAGES_PER_SECOND", "1000"))) {
            String room = cluster.conversation("through-an-outage");
            List<WsTestClient> members = new ArrayList<>();
            try {
                for (int node = 0; node < 3; node++) {
                    WsTestClient member = WsTestClient.connect(cluster.node(node).port(), "user=o" + node);
                    member.expect("welcome");
                    member.join(room);
                    members.add(member);
                }
                WsTestClient sender = members.getFirst();
                int sent = 0;
                for (; sent < 10; sent++) {
                    send(sender, room, sent);
                }
                for (WsTestClient member : members) {
                    member.untilCount("message", 10);
                }

                redis.stop();
                Eventually.until("the nodes see Redis gone", () -> cluster.node(1).get("/observe/health").body()
                        .contains("degraded"));
                java.net.http.HttpResponse<String> health = cluster.node(1).get("/observe/health");
                assertEquals(200, health.statusCode(), "degraded, not down: the balancer keeps every node");
                assertTrue(health.body().contains("\"UP\""), health.body());
                for (; sent < 20; sent++) {
                    send(sender, room, sent);
                }
                sender.untilCount("message", 10);
                redis.restart();

                for (; sent < 30; sent++) {
                    send(sender, room, sent);
                }
                sender.untilCount("message", 10);
                for (WsTestClient member : members.subList(1, 3)) {
                    List<Long> offsets = member.untilCount("message", 20).stream()
                            .filter(f -> f.path("type").asText().equals("message"))
                            .map(f -> f.get("offset").asLong()).toList();
                    assertEquals(LongStream.rangeClosed(11, 30).boxed().toList(), offsets,
                            "what was sent while Redis was away, then the rest, once each, in order");
                }
            } finally {
                members.forEach(WsTestClient::close);
            }
        }
    }

    private static void send(WsTestClient sender, String room, int i) {
        sender.send("{\"type\":\"send\",\"conversation\":\"" + room + "\",\"content\":\"m" + i + "\",\"reply\":false}");
    }
}

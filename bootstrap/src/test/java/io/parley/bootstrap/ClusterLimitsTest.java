package io.parley.bootstrap;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.parley.bootstrap.UpgradeRefusalTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The limits a client could dodge by spreading over nodes count on every node of a cluster: its connections, its
 * connect rate and its HTTP requests. The nodes share one Redis; each test uses users of its own.
 */
class ClusterLimitsTest {
    private static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(3, Map.of("PARLEY_MAX_CONNECTIONS_PER_CLIENT", "2",
                "PARLEY_CONNECTS_PER_MINUTE", "6", "PARLEY_HTTP_REQUESTS_PER_MINUTE", "3"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aUserHoldingItsConnectionsOnTwoNodesIsRefusedOnTheThirdAndAdmittedOnceOneCloses() throws Exception {
        List<WsTestClient> held = new ArrayList<>();
        try {
            for (int node = 0; node < 2; node++) {
                WsTestClient client = WsTestClient.connect(cluster.node(node).port(), "user=capped");
                client.expect("welcome");
                held.add(client);
            }
            RawHttp refused = RawHttp.upgrade(cluster.node(2).port(), "user=capped", Map.of());
            assertProblem(refused, 429, "too_many_for_client");

            held.removeFirst().close();
            try (WsTestClient again = awaitAdmitted(cluster.node(2).port(), "capped")) {
                again.expect("welcome");
            }
        } finally {
            held.forEach(WsTestClient::close);
        }
    }

    @Test
    void theConnectRateCountsConnectsOnEveryNode() throws Exception {
        for (int i = 0; i < 6; i++) {
            try (WsTestClient client = WsTestClient.connect(cluster.node(i % 3).port(), "user=hasty")) {
                client.expect("welcome");
            }
        }
        RawHttp refused = RawHttp.upgrade(cluster.node(1).port(), "user=hasty", Map.of());
        assertProblem(refused, 429, "connect_rate");
    }

    @Test
    void theHttpQuotaIsSharedByTheNodes() {
        for (int node = 0; node < 3; node++) {
            HttpResponse<String> response = cluster.node(node).get("/api/nothing?user=spread");
            assertEquals(404, response.statusCode());
            assertEquals(String.valueOf(2 - node),
                    response.headers().firstValue("RateLimit-Remaining").orElseThrow(), "one quota for all nodes");
        }
        HttpResponse<String> refused = cluster.node(0).get("/api/nothing?user=spread");
        assertEquals(429, refused.statusCode());
        assertProblem(refused, 429, "rate_limited");
    }

    /**
     * A connection for {@code user}, retried while a closed connection elsewhere may still count: a node tells
     * Redis of a closed connection without waiting, so another node may learn of it a moment later (the user's
     * connect rate leaves room for two more tries).
     */
    private static WsTestClient awaitAdmitted(int port, String user) throws InterruptedException {
        long deadline = System.nanoTime() + WsTestClient.WAIT.toNanos();
        while (true) {
            try {
                return WsTestClient.connect(port, "user=" + user);
            } catch (WsTestClient.HandshakeRefused e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}

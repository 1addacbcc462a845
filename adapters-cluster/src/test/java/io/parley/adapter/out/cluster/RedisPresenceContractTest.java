package io.parley.adapter.out.cluster;

import org.junit.jupiter.api.AfterEach;

import io.parley.application.port.out.PresencePort;
import io.parley.application.port.out.PresencePortContract;

/** The presence contract on Redis ({@code PARLEY_TEST_REDIS_URL}): one node of a cluster of its own. */
class RedisPresenceContractTest extends PresencePortContract {
    private TestCluster cluster;

    @Override
    protected PresencePort newPresence() {
        cluster = TestCluster.onTestRedis();
        return cluster.node("solo").presence();
    }

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }
}

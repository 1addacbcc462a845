package io.parley.bootstrap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

/**
 * Several Parley nodes for a test, each a whole server on its own loopback port, sharing the PostgreSQL test
 * database ({@code PARLEY_TEST_PG_URL}) and a Redis ({@code PARLEY_TEST_REDIS_URL}, or one the test started), with
 * a cluster prefix of their own so that tests never see each other. Skipped only when the variables are unset;
 * {@code .ci/run} sets them.
 */
final class TestCluster implements AutoCloseable {
    private final List<TestParley> nodes = new ArrayList<>();
    private final String prefix = "test-" + UUID.randomUUID().toString().substring(0, 8);

    private TestCluster() {
    }

    /** {@code count} nodes on the machine's Redis. */
    static TestCluster start(int count, Map<String, String> environment) {
        String redis = System.getenv("PARLEY_TEST_REDIS_URL");
        Assumptions.assumeTrue(redis != null && !redis.isBlank(), "PARLEY_TEST_REDIS_URL is not set");
        return start(count, redis, environment);
    }

    /** {@code count} nodes on the Redis at {@code redisUrl}. */
    static TestCluster start(int count, String redisUrl, Map<String, String> environment) {
        TestCluster cluster = new TestCluster();
        try {
            for (int i = 0; i < count; i++) {
                cluster.nodes.add(TestParley.start(cluster.environment(i, redisUrl, environment)));
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** The environment node {@code index} runs with: the shared store and Redis, this cluster's prefix. */
    Map<String, String> environment(int index, String redisUrl, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(postgres());
        env.put("PARLEY_REDIS_URL", redisUrl);
        env.put("PARLEY_CLUSTER_PREFIX", prefix);
        env.put("PARLEY_NODE_ID", prefix + "-n" + index);
        env.putAll(extra);
        return env;
    }

    static Map<String, String> postgres() {
        String url = System.getenv("PARLEY_TEST_PG_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(), "PARLEY_TEST_PG_URL is not set");
        return Map.of("PARLEY_DB_URL", url,
                "PARLEY_DB_USER", Optional.ofNullable(System.getenv("PARLEY_TEST_PG_USER")).orElse("postgres"),
                "PARLEY_DB_PASSWORD", Optional.ofNullable(System.getenv("PARLEY_TEST_PG_PASSWORD")).orElse(""));
    }

    TestParley node(int index) {
        return nodes.get(index);
    }

    int size() {
        return nodes.size();
    }

    /** A conversation id no other test run uses (the PostgreSQL database outlives runs). */
    String conversation(String name) {
        return prefix + "-" + name;
    }

    @Override
    public void close() {
        nodes.forEach(TestParley::close);
    }
}

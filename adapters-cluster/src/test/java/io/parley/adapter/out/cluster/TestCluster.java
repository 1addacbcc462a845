package io.parley.adapter.out.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Assumptions;

/**
 * Nodes of one made-up cluster on a test Redis: the one named by {@code PARLEY_TEST_REDIS_URL} (tests that need
 * it are skipped only when it is unset), or one of a test's own ({@link OwnRedis}). Every cluster has its own key
 * prefix, {@code test-} and a UUID, so tests may share the machine's Redis; {@link #close()} stops the nodes and
 * removes every key of the prefix.
 */
final class TestCluster implements AutoCloseable {
    /** Survivors' presence timeout: long, so that a slow machine never loses a node that a test keeps alive. */
    static final Duration LONG = Duration.ofSeconds(30);
    /** A node that a test lets die: short, so that it is dead soon after its last heartbeat. */
    static final Duration SHORT = Duration.ofMillis(300);
    static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);

    private final URI url;
    private final String prefix = "test-" + UUID.randomUUID();
    private final List<Node> nodes = new ArrayList<>();

    TestCluster(URI url) {
        this.url = url;
    }

    /** A cluster on the test Redis; skips the calling test when {@code PARLEY_TEST_REDIS_URL} is unset. */
    static TestCluster onTestRedis() {
        return new TestCluster(testRedis());
    }

    /** The test Redis' URL; skips the calling test when {@code PARLEY_TEST_REDIS_URL} is unset. */
    static URI testRedis() {
        String url = System.getenv("PARLEY_TEST_REDIS_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(), "PARLEY_TEST_REDIS_URL is not set: Redis tests skipped");
        return URI.create(url.trim());
    }

    String prefix() {
        return prefix;
    }

    ClusterSettings settings(String node, Duration presenceTimeout) {
        return new ClusterSettings(url, prefix, node, presenceTimeout, COMMAND_TIMEOUT);
    }

    /** Links of their own (to look at the keys), closed with the cluster. */
    RedisLinks links(String node) {
        return start(node, LONG, false).links();
    }

    /** A node with presence and client counts, after its first heartbeat. */
    Node node(String node, Duration presenceTimeout) {
        return start(node, presenceTimeout, true);
    }

    /** A node that stays up for the whole test. */
    Node node(String node) {
        return node(node, LONG);
    }

    @Override
    public void close() {
        nodes.forEach(Node::stop);
        try (RedisLinks cleaner = RedisLinks.connect(settings("cleaner", LONG))) {
            RedisCommands<String, String> redis = cleaner.commands().sync();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + ":*").limit(500));
                if (!page.getKeys().isEmpty()) {
                    redis.del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } catch (RuntimeException e) {
            // a test's own Redis that is gone already: nothing to clean
        }
    }

    private Node start(String id, Duration presenceTimeout, boolean adapters) {
        RedisLinks links = RedisLinks.connect(settings(id, presenceTimeout));
        NodeLiveness liveness = new NodeLiveness(links);
        Node node = adapters
                ? new Node(links, liveness, new RedisPresence(links, liveness), new RedisClientCounts(links, liveness))
                : new Node(links, liveness, null, null);
        nodes.add(node);
        if (adapters) {
            liveness.heartbeat();
        }
        return node;
    }

    /** One node of the cluster. */
    record Node(RedisLinks links, NodeLiveness liveness, RedisPresence presence, RedisClientCounts counts) {
        String id() {
            return links.settings().node();
        }

        /** The node stops at once, as if it died: no departure, no cleanup. */
        void stop() {
            try {
                links.close();
            } catch (RedisException e) {
                // closed already
            }
        }
    }
}

package io.parley.adapter.out.cluster;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

/**
 * A node's links to Redis: one Lettuce client, one connection for commands (shared by every caller: Lettuce
 * pipelines them) and one for Bucket4j's buckets. Connections reconnect by themselves; while Redis is away,
 * commands fail fast (within the command timeout) instead of queueing, so that nothing waits for Redis.
 */
public final class RedisLinks implements AutoCloseable {
    private final ClusterSettings settings;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisConnection<String, byte[]> buckets;

    private RedisLinks(ClusterSettings settings, RedisClient client, StatefulRedisConnection<String, String> commands,
                       StatefulRedisConnection<String, byte[]> buckets) {
        this.settings = settings;
        this.client = client;
        this.commands = commands;
        this.buckets = buckets;
    }

    /** Connects to the settings' Redis; fails when it cannot be reached now (a cluster node needs it at start). */
    public static RedisLinks connect(ClusterSettings settings) {
        RedisURI uri = RedisURI.create(settings.redisUrl());
        uri.setTimeout(settings.commandTimeout());
        // reconnect soon after Redis is back (Lettuce waits up to 30 s by default): 100 ms, doubling to 2 s
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
                .build());
        try {
            StatefulRedisConnection<String, String> commands = client.connect();
            StatefulRedisConnection<String, byte[]> buckets = client.connect(
                    RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            return new RedisLinks(settings, client, commands, buckets);
        } catch (RuntimeException e) {
            client.shutdown();
            resources.shutdown();
            throw new IllegalStateException("cannot reach Redis at " + settings.safeUrl() + ": " + e.getMessage(), e);
        }
    }

    public ClusterSettings settings() {
        return settings;
    }

    /** The Lettuce client, for connections of their own (pub/sub). */
    public RedisClient client() {
        return client;
    }

    /** The shared connection for commands. */
    public StatefulRedisConnection<String, String> commands() {
        return commands;
    }

    /** The connection Bucket4j's buckets live on (string keys, byte-array values). */
    public StatefulRedisConnection<String, byte[]> buckets() {
        return buckets;
    }

    /** Whether the command connection is up now. */
    public boolean isOpen() {
        return commands.isOpen();
    }

    @Override
    public void close() {
        buckets.close();
        commands.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        client.getResources().shutdown();
    }
}

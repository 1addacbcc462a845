package io.parley.adapter.out.cluster;

import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import io.parley.domain.LogLine;

/**
 * A node's links to Redis: one Lettuce client, one connection for commands (shared by every caller: Lettuce
 * pipelines them) and one for Bucket4j's buckets. Connections reconnect by themselves (retrying at most every
 * {@link #MAX_RECONNECT_DELAY}); while Redis is away, commands fail fast (within the command timeout) instead of
 * queueing, so that nothing waits for Redis. Each loss and each return of the command connection is one log line
 * ({@code redis_lost}, {@code redis_connected}) and counts one {@link #generation() generation}, by which the
 * adapters know that what they keep in Redis may have to be written again.
 */
public final class RedisLinks implements AutoCloseable {
    /** The longest pause between two attempts to reconnect. */
    public static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);
    private static final System.Logger LOG = System.getLogger(RedisLinks.class.getName());

    private final ClusterSettings settings;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisConnection<String, byte[]> buckets;
    private final AtomicBoolean up = new AtomicBoolean(true);
    private final AtomicLong generation = new AtomicLong(1);
    private volatile boolean closing;

    private RedisLinks(ClusterSettings settings, ClientResources resources, RedisClient client,
                       StatefulRedisConnection<String, String> commands,
                       StatefulRedisConnection<String, byte[]> buckets) {
        this.settings = settings;
        this.resources = resources;
        this.client = client;
        this.commands = commands;
        this.buckets = buckets;
        commands.addListener(new StateListener());
    }

    /** Connects to the settings' Redis; fails when it cannot be reached now (a cluster node needs it at start). */
    public static RedisLinks connect(ClusterSettings settings) {
        RedisURI uri = RedisURI.create(settings.redisUrl());
        uri.setTimeout(settings.commandTimeout());
        ClientResources resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).keepAlive(true).build())
                .build());
        try {
            StatefulRedisConnection<String, String> commands = client.connect();
            StatefulRedisConnection<String, byte[]> buckets = client.connect(
                    RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            LOG.log(Level.INFO, () -> LogLine.event("redis_connected").with("redis", settings.safeUrl())
                    .with("node", settings.node()).with("prefix", settings.prefix()).toString());
            return new RedisLinks(settings, resources, client, commands, buckets);
        } catch (RuntimeException e) {
            client.shutdown();
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot reach Redis at " + settings.safeUrl() + ": "
                    + settings.scrub(e.getMessage()), e);
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
        return up.get() && commands.isOpen();
    }

    /**
     * How many times the command connection has been established: 1 after {@link #connect}, one more after each
     * reconnection (Redis may have restarted empty, or missed writes that failed meanwhile).
     */
    public long generation() {
        return generation.get();
    }

    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        buckets.close();
        commands.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** Logs the command connection's losses and returns; counts the returns. Runs on Lettuce's threads. */
    private final class StateListener implements RedisConnectionStateListener {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
            if (up.compareAndSet(false, true)) {
                long now = generation.incrementAndGet();
                LOG.log(Level.INFO, () -> LogLine.event("redis_connected").with("redis", settings.safeUrl())
                        .with("node", settings.node()).with("generation", now).toString());
            }
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            if (up.compareAndSet(true, false) && !closing) {
                LOG.log(Level.WARNING, () -> LogLine.event("redis_lost").with("redis", settings.safeUrl())
                        .with("node", settings.node()).toString());
            }
        }
    }
}

package io.parley.bootstrap;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.helidon.health.HealthCheckResponse;

import io.parley.adapter.out.cluster.ClusterSettings;
import io.parley.adapter.out.cluster.ClusterStatus;
import io.parley.adapter.out.cluster.NodeLiveness;
import io.parley.adapter.out.cluster.RedisClientCounts;
import io.parley.adapter.out.cluster.RedisFanout;
import io.parley.adapter.out.cluster.RedisLinks;
import io.parley.adapter.out.cluster.RedisPresence;
import io.parley.adapter.out.cluster.RedisRateLimiter;
import io.parley.application.delivery.LocalPresence;
import io.parley.application.port.in.DeliverLocallyUseCase;
import io.parley.application.port.out.ClientCountsPort;
import io.parley.application.port.out.FanoutPort;
import io.parley.application.port.out.PresencePort;
import io.parley.application.port.out.RateLimitPort;

/**
 * The other nodes, as this one reaches them: none (one node on its own: presence in memory, no counts elsewhere,
 * the fan-out is this node's delivery), or a cluster on Redis ({@code PARLEY_REDIS_URL}): events, presence, each
 * client's connections on the other nodes and the cluster-wide rate limits in Redis, this node's heartbeat on the
 * maintenance tick.
 */
final class ClusterWiring implements AutoCloseable {
    private final PresencePort presence;
    private final ClientCountsPort counts;
    private final Optional<Redis> redis;
    private final AtomicReference<RedisFanout> fanout = new AtomicReference<>();

    /** What a node in a cluster holds on Redis. */
    private record Redis(RedisLinks links, NodeLiveness liveness, ClusterStatus status) {
    }

    private ClusterWiring(PresencePort presence, ClientCountsPort counts, Optional<Redis> redis) {
        this.presence = presence;
        this.counts = counts;
        this.redis = redis;
    }

    static ClusterWiring single() {
        return new ClusterWiring(new LocalPresence(), ClientCountsPort.NONE, Optional.empty());
    }

    /** This node in the cluster of {@code cluster}'s Redis; fails when Redis cannot be reached now. */
    static ClusterWiring open(ParleySettings.Cluster cluster, String node) {
        RedisLinks links = RedisLinks.connect(new ClusterSettings(cluster.redisUrl().orElseThrow(), cluster.prefix(),
                node, cluster.presenceTimeout(), cluster.redisTimeout()));
        try {
            NodeLiveness liveness = new NodeLiveness(links);
            liveness.heartbeat();
            return new ClusterWiring(new RedisPresence(links, liveness), new RedisClientCounts(links, liveness),
                    Optional.of(new Redis(links, liveness, new ClusterStatus(links, liveness))));
        } catch (RuntimeException e) {
            links.close();
            throw e;
        }
    }

    PresencePort presence() {
        return presence;
    }

    ClientCountsPort clientCounts() {
        return counts;
    }

    /** The rate limiter: {@code local} on one node; cluster-wide limits in shared Redis buckets in a cluster. */
    RateLimitPort rateLimits(RateLimitPort local) {
        return redis.<RateLimitPort>map(r -> new RedisRateLimiter(r.links(), local)).orElse(local);
    }

    /** The fan-out a cluster makes from this node's inbound use case; empty on one node. */
    Optional<Function<DeliverLocallyUseCase, FanoutPort>> fanout() {
        return redis.map(r -> inbound -> {
            RedisFanout made = new RedisFanout(r.links(), inbound);
            fanout.set(made);
            return made;
        });
    }

    /** What the maintenance tick does for the cluster: this node's heartbeat (and what follows it). */
    Runnable tick() {
        return redis.<Runnable>map(r -> r.liveness()::heartbeat).orElse(() -> { });
    }

    /**
     * Readiness detail: always up (a node that cannot reach Redis serves its own clients and is degraded, not
     * down); {@code cluster} is {@code up} or {@code degraded}, with the nodes alive at the last heartbeat.
     */
    HealthCheckResponse health() {
        HealthCheckResponse.Builder health = HealthCheckResponse.builder().status(true);
        if (redis.isEmpty()) {
            return health.detail("mode", "single").detail("cluster", "none").build();
        }
        ClusterStatus.Snapshot now = redis.get().status().snapshot();
        RedisFanout made = fanout.get();
        boolean reached = made != null && made.reach() == FanoutPort.Reach.CLUSTER;
        return health.detail("mode", "cluster")
                .detail("cluster", now.connected() && now.announced() && reached ? "up" : "degraded")
                .detail("node", now.node())
                .detail("liveNodes", now.liveNodes())
                .build();
    }

    @Override
    public void close() {
        RedisFanout made = fanout.get();
        if (made != null) {
            made.close();
        }
        redis.ifPresent(r -> r.links().close());
    }
}

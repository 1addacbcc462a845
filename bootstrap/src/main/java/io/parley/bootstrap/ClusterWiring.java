package io.parley.bootstrap;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.helidon.health.HealthCheckResponse;

import io.parley.adapter.out.cluster.ClusterSettings;
import io.parley.adapter.out.cluster.RedisFanout;
import io.parley.adapter.out.cluster.RedisLinks;
import io.parley.application.delivery.LocalPresence;
import io.parley.application.port.in.DeliverLocallyUseCase;
import io.parley.application.port.out.ClientCountsPort;
import io.parley.application.port.out.FanoutPort;
import io.parley.application.port.out.PresencePort;
import io.parley.application.port.out.RateLimitPort;

/**
 * The other nodes, as this one reaches them: none (one node on its own: presence in memory, no counts elsewhere,
 * the fan-out is this node's delivery), or a cluster on Redis ({@code PARLEY_REDIS_URL}).
 */
final class ClusterWiring implements AutoCloseable {
    private final PresencePort presence;
    private final ClientCountsPort counts;
    private final Optional<RedisLinks> links;
    private final AtomicReference<RedisFanout> fanout = new AtomicReference<>();

    private ClusterWiring(PresencePort presence, ClientCountsPort counts, Optional<RedisLinks> links) {
        this.presence = presence;
        this.counts = counts;
        this.links = links;
    }

    static ClusterWiring single() {
        return new ClusterWiring(new LocalPresence(), ClientCountsPort.NONE, Optional.empty());
    }

    /** This node in the cluster of {@code cluster}'s Redis; fails when Redis cannot be reached now. */
    static ClusterWiring open(ParleySettings.Cluster cluster, String node) {
        RedisLinks links = RedisLinks.connect(new ClusterSettings(cluster.redisUrl().orElseThrow(), cluster.prefix(),
                node, cluster.presenceTimeout(), cluster.redisTimeout()));
        return new ClusterWiring(new LocalPresence(), ClientCountsPort.NONE, Optional.of(links));
    }

    PresencePort presence() {
        return presence;
    }

    ClientCountsPort clientCounts() {
        return counts;
    }

    /** The rate limiter: {@code local} on one node; shared buckets for cluster-wide limits in a cluster. */
    RateLimitPort rateLimits(RateLimitPort local) {
        return local;
    }

    /** The fan-out a cluster makes from this node's inbound use case; empty on one node. */
    Optional<Function<DeliverLocallyUseCase, FanoutPort>> fanout() {
        return links.map(redis -> inbound -> {
            RedisFanout made = new RedisFanout(redis, inbound);
            fanout.set(made);
            return made;
        });
    }

    /** What the maintenance tick does for the cluster (this node's heartbeat). */
    Runnable tick() {
        return () -> { };
    }

    /** Readiness detail: always up (a cluster that cannot reach Redis is degraded, not down). */
    HealthCheckResponse health() {
        RedisFanout made = fanout.get();
        return HealthCheckResponse.builder().status(true)
                .detail("mode", made == null ? "single" : "cluster")
                .detail("cluster", made == null ? "none" : made.reach() == FanoutPort.Reach.CLUSTER ? "up" : "degraded")
                .build();
    }

    @Override
    public void close() {
        RedisFanout made = fanout.get();
        if (made != null) {
            made.close();
        }
        links.ifPresent(RedisLinks::close);
    }
}

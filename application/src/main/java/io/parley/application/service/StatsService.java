package io.parley.application.service;

import java.util.Optional;

import io.parley.application.delivery.ConnectionRegistry;
import io.parley.application.delivery.LiveConnection;
import io.parley.application.delivery.Traffic;
import io.parley.application.port.in.DeliverWebhooksUseCase;
import io.parley.application.port.in.GetStatsUseCase;
import io.parley.application.port.in.NodeStats;
import io.parley.application.run.AssistantRuns;

/** Reads this node's counts and counters. */
public final class StatsService implements GetStatsUseCase {
    private final String node;
    private final ConnectionRegistry registry;
    private final Traffic traffic;
    private final AssistantRuns runs;
    private final Optional<DeliverWebhooksUseCase> webhooks;

    public StatsService(String node, ConnectionRegistry registry, Traffic traffic, AssistantRuns runs,
                        Optional<DeliverWebhooksUseCase> webhooks) {
        this.node = node;
        this.registry = registry;
        this.traffic = traffic;
        this.runs = runs;
        this.webhooks = webhooks;
    }

    @Override
    public NodeStats stats() {
        long queued = 0;
        long longest = 0;
        for (LiveConnection connection : registry.all()) {
            long bytes = connection.queue().queuedBytes();
            queued += bytes;
            longest = Math.max(longest, bytes);
        }
        return new NodeStats(node, registry.connectionCount(), registry.conversationCount(), registry.userCount(),
                traffic.messagesIn(), traffic.messagesOut(), traffic.framesIn(), traffic.framesOut(),
                traffic.rejections(), traffic.closes(), traffic.limitHits(), queued, longest, traffic.runsStarted(),
                traffic.runsEnded(), runs.inFlight(), webhooks.map(DeliverWebhooksUseCase::counts));
    }
}

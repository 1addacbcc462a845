package io.parley.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;

import io.parley.adapter.common.resilience.CircuitState;
import io.parley.application.port.in.DrainConnectionsUseCase;
import io.parley.application.port.in.GetStatsUseCase;

/** Health checks and Prometheus gauges over what the components report. */
final class Observability {
    private Observability() {
    }

    /** Readiness: down while the assistant's circuit is open (runs are being refused). */
    static HealthCheck assistantCircuit(AssistantWiring assistant) {
        return readiness("assistant", () -> {
            CircuitState state = assistant.circuitState();
            return HealthCheckResponse.builder().status(state != CircuitState.OPEN)
                    .detail("provider", assistant.provider()).detail("model", assistant.model())
                    .detail("circuit", state.wireName()).build();
        });
    }

    /** Readiness: down once the node drains for shutdown. */
    static HealthCheck acceptingConnections(DrainConnectionsUseCase connections) {
        return readiness("connections", () -> HealthCheckResponse.builder().status(!connections.draining())
                .detail("accepting", !connections.draining()).build());
    }

    /** A readiness check named {@code name} that asks {@code check}. */
    static HealthCheck readiness(String name, Supplier<HealthCheckResponse> check) {
        return new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public HealthCheckResponse call() {
                return check.get();
            }
        };
    }

    /**
     * Gauges on {@code /observe/metrics}: the assistant's and the store's circuits (0 closed, 1 half open, 2 open)
     * and the node's counts; with webhooks on, their deliveries, failures and parked events.
     * The registry is the JVM's; close the result at shutdown so that a later instance registers its own.
     */
    static AutoCloseable registerGauges(AssistantWiring assistant, IntSupplier storeCircuit, GetStatsUseCase stats) {
        MeterRegistry registry = Metrics.globalRegistry();
        List<Meter> meters = new ArrayList<>();
        meters.add(registry.getOrCreate(Gauge.builder("parley.llm.circuit.state",
                () -> assistant.circuitState().gaugeValue())
                .description("The assistant's circuit breaker: 0 closed, 1 half open, 2 open")));
        meters.add(registry.getOrCreate(Gauge.builder("parley.store.circuit.state", storeCircuit::getAsInt)
                .description("The store's circuit breaker: 0 closed, 1 half open, 2 open")));
        meters.add(registry.getOrCreate(Gauge.builder("parley.connections", () -> stats.stats().connections())
                .description("Open WebSocket connections on this node")));
        meters.add(registry.getOrCreate(Gauge.builder("parley.conversations", () -> stats.stats().conversations())
                .description("Conversations with a connection on this node")));
        meters.add(registry.getOrCreate(Gauge.builder("parley.runs.in.flight", () -> stats.stats().runsInFlight())
                .description("Assistant runs in progress on this node")));
        if (stats.stats().webhooks().isPresent()) {
            meters.add(registry.getOrCreate(Gauge.builder("parley.webhooks.delivered",
                    () -> stats.stats().webhooks().map(w -> w.delivered()).orElse(0L))
                    .description("Webhook events delivered by this node since it started")));
            meters.add(registry.getOrCreate(Gauge.builder("parley.webhooks.failed",
                    () -> stats.stats().webhooks().map(w -> w.failed()).orElse(0L))
                    .description("Webhook deliveries that failed (and were retried or parked) on this node")));
            meters.add(registry.getOrCreate(Gauge.builder("parley.webhooks.parked",
                    () -> stats.stats().webhooks().map(w -> w.parked()).orElse(0L))
                    .description("Webhook events parked in the store after they kept failing")));
        }
        return () -> meters.forEach(registry::remove);
    }
}

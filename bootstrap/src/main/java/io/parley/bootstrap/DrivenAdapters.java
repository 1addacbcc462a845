package io.parley.bootstrap;

import java.util.Optional;
import java.util.function.Function;

import io.parley.application.port.in.DeliverLocallyUseCase;
import io.parley.application.port.out.FanoutPort;
import io.parley.application.port.out.IdGeneratorPort;
import io.parley.application.port.out.IdentityPort;
import io.parley.application.port.out.RateLimitPort;

/**
 * The driven adapters one gateway runs on, Parley's own or an embedding application's.
 *
 * @param fanout         the fan-out, made from this node's delivery; empty: that delivery, which reaches this node
 * @param rateLimitUpkeep what the maintenance tick does for the rate limiter (Parley's evicts idle buckets)
 * @param cluster        the other nodes, when there are (presence, connection counts, the tick's heartbeat)
 */
record DrivenAdapters(StoreWiring store, AssistantWiring assistant, IdentityPort identity, RateLimitPort rateLimits,
                      Runnable rateLimitUpkeep, Optional<Function<DeliverLocallyUseCase, FanoutPort>> fanout,
                      IdGeneratorPort ids, ClusterWiring cluster) {
}

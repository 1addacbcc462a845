package io.parley.application.port.in;

import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of one node's connections and traffic.
 *
 * @param conversations conversations with at least one connection on this node
 * @param users distinct users connected to this node
 * @param messagesIn messages accepted from clients on this node
 * @param messagesOut message frames queued to connections on this node
 * @param framesIn frames received from clients
 * @param framesOut frames queued to clients
 * @param rejections refused upgrades, by reason
 * @param closes ended connections, by close code label
 * @param limitHits connections that crossed a per-connection limit, by limit
 * @param runsStarted assistant runs started on this node
 * @param runsEnded assistant runs ended, by outcome ({@code completed}, {@code cancelled}, {@code timeout}, …)
 * @param runsInFlight assistant runs in progress now
 * @param queuedBytes bytes queued for all connections now
 * @param maxQueuedBytes the longest queue of one connection now, in bytes
 */
public record NodeStats(String node, int connections, int conversations, int users, long messagesIn,
                        long messagesOut, long framesIn, long framesOut, Map<String, Long> rejections,
                        Map<String, Long> closes, Map<String, Long> limitHits, long queuedBytes, long maxQueuedBytes,
                        long runsStarted, Map<String, Long> runsEnded, int runsInFlight,
                        Optional<DeliverWebhooksUseCase.Counts> webhooks) {
    public NodeStats {
        rejections = Map.copyOf(rejections);
        closes = Map.copyOf(closes);
        limitHits = Map.copyOf(limitHits);
        runsEnded = Map.copyOf(runsEnded);
    }
}

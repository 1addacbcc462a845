package io.parley.application.delivery;

import io.parley.domain.delivery.DeltaMerging;
import io.parley.domain.delivery.SlowConsumerPolicy;

/**
 * How every connection's outbound queue behaves.
 *
 * @param slowConsumer the queue's bound, and what crossing it means
 * @param merging      when a lagging connection's text pieces are joined
 * @param batchBytes   how many bytes of text frames one socket write may carry
 */
public record QueueSettings(SlowConsumerPolicy slowConsumer, DeltaMerging merging, int batchBytes) {
    public QueueSettings {
        if (slowConsumer == null || merging == null || batchBytes < 1) {
            throw new IllegalArgumentException("queue settings are incomplete");
        }
    }

    /** A 1 MiB bound, text joined for connections with more than 16 KiB waiting, writes of up to 64 KiB. */
    public static QueueSettings defaults() {
        return new QueueSettings(new SlowConsumerPolicy(1024 * 1024), new DeltaMerging(16 * 1024), 64 * 1024);
    }
}

package io.parley.application.service;

import java.time.Clock;

import io.parley.application.delivery.Traffic;
import io.parley.application.port.out.FanoutPort;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.EventEncoderPort;
import io.parley.application.port.out.IdGeneratorPort;

/**
 * What the conversation services work with: the store (the truth), the fan-out (every member's live events), the
 * encoder, ids, the one clock, and the node's counters.
 */
public record ServicePorts(ConversationStorePort store, FanoutPort fanout, EventEncoderPort encoder,
                           IdGeneratorPort ids, Clock clock, Traffic traffic) {
    public ServicePorts {
        if (store == null || fanout == null || encoder == null || ids == null || clock == null || traffic == null) {
            throw new IllegalArgumentException("the services' ports are incomplete");
        }
    }

    /** The way members' and backends' messages enter a conversation. */
    Posting posting() {
        return new Posting(store, fanout, traffic);
    }
}

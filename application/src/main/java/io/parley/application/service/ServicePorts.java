package io.parley.application.service;

import java.time.Clock;

import io.parley.application.delivery.Traffic;
import io.parley.application.port.out.AttachmentStorePort;
import io.parley.application.port.out.ConversationStatePort;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.ConversationToolsPort;
import io.parley.application.port.out.EventEncoderPort;
import io.parley.application.port.out.FanoutPort;
import io.parley.application.port.out.IdGeneratorPort;
import io.parley.application.run.LocalConversationStates;
import io.parley.application.run.LocalConversationTools;

/**
 * What the conversation services work with: the store (the truth) with the conversations' shared states, tools
 * and attachments, the fan-out (every member's live events), the encoder, ids, the one clock, and the node's
 * counters.
 */
public record ServicePorts(ConversationStorePort store, FanoutPort fanout, EventEncoderPort encoder,
                           IdGeneratorPort ids, Clock clock, Traffic traffic, ConversationStatePort states,
                           ConversationToolsPort tools, AttachmentStorePort attachments) {
    public ServicePorts {
        if (store == null || fanout == null || encoder == null || ids == null || clock == null || traffic == null
                || states == null || tools == null || attachments == null) {
            throw new IllegalArgumentException("the services' ports are incomplete");
        }
    }

    /** Ports whose shared states and tools live in this node's memory, with {@code attachments}. */
    public ServicePorts(ConversationStorePort store, FanoutPort fanout, EventEncoderPort encoder,
                        IdGeneratorPort ids, Clock clock, Traffic traffic, AttachmentStorePort attachments) {
        this(store, fanout, encoder, ids, clock, traffic, new LocalConversationStates(),
                new LocalConversationTools(), attachments);
    }

    /** The way members' and backends' messages enter a conversation. */
    Posting posting() {
        return new Posting(store, fanout, traffic);
    }
}

package io.parley.application.port.out;

import io.parley.domain.protocol.ServerEvent;

/** Encodes server events into wire frames; a broadcast is encoded once, whatever the number of receivers. */
public interface EventEncoderPort {

    /** The frame for {@code event}. */
    OutboundFrame encode(ServerEvent event);
}

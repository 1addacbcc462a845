package io.parley.application.port.out;

import io.parley.domain.protocol.ServerEvent;

/**
 * A server event encoded once for the wire (UTF-8), to be queued for any number of connections. The bytes are
 * shared by every receiver and must not be changed.
 *
 * @param payload the frame's UTF-8 text
 */
public record OutboundFrame(ServerEvent event, byte[] payload) {
    public OutboundFrame {
        if (event == null || payload == null) {
            throw new IllegalArgumentException("a frame needs its event and its payload");
        }
    }

    /** The payload's size in bytes, which outbound queues are bounded by. */
    public int bytes() {
        return payload.length;
    }
}

package io.parley.application.port.out;

import io.parley.domain.protocol.ServerEvent;

/**
 * A server event encoded once for the wire, to be queued for any number of connections.
 *
 * @param text the frame's text
 * @param bytes its UTF-8 length, which outbound queues are bounded by
 */
public record OutboundFrame(ServerEvent event, String text, int bytes) {
    public OutboundFrame {
        if (event == null || text == null || bytes < 0) {
            throw new IllegalArgumentException("a frame needs its event, text and size");
        }
    }
}

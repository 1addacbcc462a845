package io.parley.adapter.in.websocket;

import java.time.Duration;

/**
 * How the WebSocket endpoint behaves.
 *
 * @param path where clients connect, {@code /ws}
 * @param maxMessageBytes the largest text message (and frame); a larger one closes the connection with 1009
 * @param closeTimeout how long a closing connection may take to write its close frame and hear the answer
 */
public record WebSocketSettings(String path, int maxMessageBytes, Duration closeTimeout) {
    public WebSocketSettings {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /");
        }
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("the message bound must be positive");
        }
        if (closeTimeout == null || closeTimeout.isNegative() || closeTimeout.isZero()) {
            throw new IllegalArgumentException("close timeout must be positive");
        }
    }
}

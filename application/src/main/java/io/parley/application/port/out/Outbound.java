package io.parley.application.port.out;

import io.parley.domain.connection.CloseReason;

/** What a connection's transport writes: a text frame of an encoded event, or a control frame. */
public sealed interface Outbound {
    /** How many bytes it takes in the connection's outbound queue. */
    int bytes();

    /** A text frame carrying an event's shared UTF-8 bytes. */
    record Text(OutboundFrame frame) implements Outbound {
        @Override
        public int bytes() {
            return frame.bytes();
        }
    }

    /** A transport-level ping. */
    record Ping() implements Outbound {
        @Override
        public int bytes() {
            return 2;
        }
    }

    /** The answer to a client's transport-level ping, carrying its payload. */
    record Pong(byte[] payload) implements Outbound {
        @Override
        public int bytes() {
            return payload.length + 2;
        }
    }

    /** The close frame: the last thing written on the connection. */
    record Close(CloseReason reason) implements Outbound {
        @Override
        public int bytes() {
            return 2;
        }
    }
}

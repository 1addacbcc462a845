package io.parley.adapter.in.websocket;

import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ErrorCode;

/** What a client's text frame turned out to be. */
sealed interface Decoded {

    /** A well-formed request. */
    record Request(ClientRequest request) implements Decoded {
    }

    /**
     * Not a usable request; {@code ref} is the frame's ref when it could be read, else {@code null}.
     */
    record Malformed(ErrorCode code, String message, String ref) implements Decoded {
    }
}

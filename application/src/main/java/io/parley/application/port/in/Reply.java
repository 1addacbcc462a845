package io.parley.application.port.in;

import java.util.List;

import io.parley.application.port.out.OutboundFrame;

/**
 * The answer a connection gets to one of its requests: the frames it is sent, in order (a {@code joined} and the
 * messages it missed, an {@code ack}, a {@code history} page), each encoded once. The adapter puts them in the
 * place it reserved for the answer, ahead of anything the request caused.
 */
public record Reply(List<OutboundFrame> frames) {
    public Reply {
        frames = List.copyOf(frames);
    }
}

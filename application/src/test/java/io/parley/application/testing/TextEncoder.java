package io.parley.application.testing;

import io.parley.application.port.out.EventEncoderPort;
import io.parley.application.port.out.OutboundFrame;
import io.parley.domain.protocol.ServerEvent;

/** Encodes events as their {@code toString}, counting how often it is asked. */
public final class TextEncoder implements EventEncoderPort {
    private final java.util.concurrent.atomic.AtomicInteger encoded = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public OutboundFrame encode(ServerEvent event) {
        encoded.incrementAndGet();
        return new OutboundFrame(event, event.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public int encoded() {
        return encoded.get();
    }
}

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
        String text = event.toString();
        return new OutboundFrame(event, text, text.length());
    }

    public int encoded() {
        return encoded.get();
    }
}

package io.parley.adapter.common.json;

import io.parley.application.port.out.EventEncoderPort;
import io.parley.application.port.out.OutboundFrame;
import io.parley.domain.protocol.ServerEvent;

/** The event encoder port in JSON: one encoding per event, shared by all its receivers. */
public final class JsonEventEncoder implements EventEncoderPort {
    private final EventWriter writer;

    public JsonEventEncoder(EventWriter writer) {
        this.writer = writer;
    }

    @Override
    public OutboundFrame encode(ServerEvent event) {
        return new OutboundFrame(event, writer.utf8(event));
    }
}

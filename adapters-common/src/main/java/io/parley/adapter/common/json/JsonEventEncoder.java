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

    /** The UTF-8 length of {@code text}, counted without encoding it. */
    public static int utf8Length(CharSequence text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}

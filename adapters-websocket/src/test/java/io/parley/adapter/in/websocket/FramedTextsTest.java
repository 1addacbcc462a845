package io.parley.adapter.in.websocket;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.helidon.common.buffers.BufferData;

import io.parley.application.port.out.OutboundFrame;
import io.parley.domain.protocol.ServerEvent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class FramedTextsTest {

    @Test
    void eachFramingOfAnEventIsItsWholeFrameReadFromTheStart() {
        FramedTexts framed = new FramedTexts();
        OutboundFrame frame = frame("x".repeat(300));

        byte[] first = framed.framed(frame).readBytes();
        byte[] again = framed.framed(frame).readBytes();

        assertArrayEquals(expected(frame), first);
        assertArrayEquals(first, again, "a second member gets the whole frame too");
    }

    @Test
    void manyEventsAtOnceEachGetTheirOwnFrameWhateverSlotTheyShare() {
        FramedTexts framed = new FramedTexts();
        List<OutboundFrame> frames = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) { // far more than the slots: most share one with others
            frames.add(frame("event " + i));
        }
        for (int round = 0; round < 2; round++) {
            for (OutboundFrame frame : frames) {
                assertArrayEquals(expected(frame), framed.framed(frame).readBytes());
            }
        }
        // equal payloads in distinct frames are distinct events: each is framed from its own bytes
        OutboundFrame one = frame("same");
        OutboundFrame other = frame("same");
        assertArrayEquals(expected(other), framed.framed(other).readBytes());
        assertArrayEquals(expected(one), framed.framed(one).readBytes());
    }

    private static OutboundFrame frame(String text) {
        return new OutboundFrame(new ServerEvent.Pong(null),
                ("{\"type\":\"pong\",\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] expected(OutboundFrame frame) {
        BufferData out = BufferData.growing(frame.payload().length + 10);
        FrameEncoder.appendText(out, frame.payload());
        return out.readBytes();
    }
}

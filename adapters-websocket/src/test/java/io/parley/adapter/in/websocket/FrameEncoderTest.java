package io.parley.adapter.in.websocket;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.helidon.common.buffers.BufferData;

import io.parley.domain.connection.CloseCode;
import io.parley.domain.connection.CloseReason;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameEncoderTest {

    @Test
    void textFramesUseTheShortestLength() {
        assertHeader(new byte[] {(byte) 0x81, 125}, text(125));
        assertHeader(new byte[] {(byte) 0x81, 126, 0x00, 126}, text(126));
        assertHeader(new byte[] {(byte) 0x81, 126, (byte) 0xFF, (byte) 0xFF}, text(65_535));
        assertHeader(new byte[] {(byte) 0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0}, text(65_536));
        assertHeader(new byte[] {(byte) 0x81, 127, 0, 0, 0, 0, 0, 0x10, 0, 0}, text(1 << 20));
        assertEquals(10, FrameEncoder.headerLength(65_536));
        assertEquals(4, FrameEncoder.headerLength(126));
        assertEquals(2, FrameEncoder.headerLength(0));
    }

    @Test
    void aTextFrameCarriesItsPayloadAfterTheHeader() {
        BufferData out = BufferData.growing(16);
        FrameEncoder.appendText(out, "hi".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(new byte[] {(byte) 0x81, 2, 'h', 'i'}, out.readBytes());
    }

    @Test
    void closeFramesCarryTheCodeAndAReasonCutAtACharacter() {
        assertArrayEquals(new byte[] {(byte) 0x88, 5, 0x0F, (byte) 0xA9, 's', 'l', 'o'},
                FrameEncoder.close(CloseReason.of(CloseCode.SLOW_CONSUMER, "slo")).readBytes());
        assertArrayEquals(new byte[] {(byte) 0x88, 0}, FrameEncoder.close(CloseReason.of(CloseCode.NO_STATUS, "x"))
                .readBytes());
        byte[] long_ = FrameEncoder.close(CloseReason.of(CloseCode.NORMAL, "€".repeat(60))).readBytes();
        assertEquals(2 + 2 + 123 / 3 * 3, long_.length);
        assertTrue(long_[1] <= 125);
        assertEquals("€".repeat(41), new String(long_, 4, long_.length - 4, StandardCharsets.UTF_8));
    }

    @Test
    void controlFramesEchoAtMost125Bytes() {
        assertArrayEquals(new byte[] {(byte) 0x8A, 2, 1, 2}, FrameEncoder.pong(new byte[] {1, 2}).readBytes());
        assertArrayEquals(new byte[] {(byte) 0x89, 0}, FrameEncoder.ping().readBytes());
        assertThrows(IllegalArgumentException.class, () -> FrameEncoder.pong(new byte[126]));
    }

    private static byte[] text(int length) {
        BufferData out = BufferData.growing(length + 10);
        FrameEncoder.appendText(out, new byte[length]);
        return out.readBytes();
    }

    private static void assertHeader(byte[] header, byte[] frame) {
        byte[] head = new byte[header.length];
        System.arraycopy(frame, 0, head, 0, header.length);
        assertArrayEquals(header, head);
        assertEquals(frame.length - header.length, frame.length - FrameEncoder.headerLength(frame.length
                - header.length));
    }
}

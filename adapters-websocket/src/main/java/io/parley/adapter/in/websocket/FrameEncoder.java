package io.parley.adapter.in.websocket;

import java.nio.charset.StandardCharsets;

import io.helidon.common.buffers.BufferData;

import io.parley.domain.connection.CloseCode;
import io.parley.domain.connection.CloseReason;

/**
 * Writes server frames (RFC 6455 section 5.2): final, unmasked, with the length in 7, 16 or 64 bits. Text frames are
 * framed around an event's shared UTF-8 bytes, so many receivers cost no encoding each. A close frame carries its
 * code and a reason cut to fit 125 bytes at a character boundary, or nothing at all for 1005 (no status).
 */
final class FrameEncoder {
    /** The largest close reason: 125 bytes of payload less the two of the code. */
    static final int MAX_CLOSE_REASON_BYTES = 123;

    private FrameEncoder() {
    }

    /** Appends a text frame carrying {@code payload} to {@code out}. */
    static void appendText(BufferData out, byte[] payload) {
        header(out, MessageAssembler.TEXT, payload.length);
        out.write(payload);
    }

    /** A ping frame with an empty payload. */
    static BufferData ping() {
        return control(MessageAssembler.PING, new byte[0]);
    }

    /** A pong frame echoing {@code payload} (at most 125 bytes, as the ping it answers). */
    static BufferData pong(byte[] payload) {
        return control(MessageAssembler.PONG, payload);
    }

    /** A close frame for {@code reason}. */
    static BufferData close(CloseReason reason) {
        if (reason.code().equals(CloseCode.NO_STATUS)) {
            return control(MessageAssembler.CLOSE, new byte[0]);
        }
        byte[] text = truncate(reason.reason());
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (reason.code().value() >>> 8);
        payload[1] = (byte) reason.code().value();
        System.arraycopy(text, 0, payload, 2, text.length);
        return control(MessageAssembler.CLOSE, payload);
    }

    /** The most bytes a control frame (ping, pong, close) takes: its header and at most 125 bytes of payload. */
    static final int MAX_CONTROL_FRAME = 2 + MessageAssembler.MAX_CONTROL_PAYLOAD;

    /** The bytes a text frame carrying {@code payload} bytes takes, header included. */
    static int textFrameLength(int payload) {
        return headerLength(payload) + payload;
    }

    /** The length of a frame's header for a payload of {@code length} bytes. */
    static int headerLength(long length) {
        return length < 126 ? 2 : length < 1 << 16 ? 4 : 10;
    }

    private static BufferData control(int opcode, byte[] payload) {
        if (payload.length > MessageAssembler.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("a control frame carries at most 125 bytes");
        }
        BufferData frame = BufferData.create(2 + payload.length);
        header(frame, opcode, payload.length);
        frame.write(payload);
        return frame;
    }

    private static void header(BufferData out, int opcode, long length) {
        out.write(0x80 | opcode);
        if (length < 126) {
            out.write((int) length);
        } else if (length < 1 << 16) {
            out.write(126);
            out.writeInt16((int) length);
        } else {
            out.write(127);
            out.writeInt32((int) (length >>> 32));
            out.writeInt32((int) length);
        }
    }

    /** The UTF-8 bytes of {@code reason}, cut at a character boundary to at most 123 bytes. */
    private static byte[] truncate(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_CLOSE_REASON_BYTES) {
            return bytes;
        }
        int end = MAX_CLOSE_REASON_BYTES;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        byte[] cut = new byte[end];
        System.arraycopy(bytes, 0, cut, 0, end);
        return cut;
    }
}

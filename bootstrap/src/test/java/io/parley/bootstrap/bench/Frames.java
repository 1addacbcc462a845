package io.parley.bootstrap.bench;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/** Just enough RFC 6455 framing for test and benchmark clients. */
public final class Frames {
    private Frames() {
    }

    /** A masked (client) text frame. */
    public static byte[] maskedText(String text) {
        return masked(0x81, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A masked (client) frame whose first byte (FIN, RSV, opcode) is {@code first}, with any payload. */
    public static byte[] masked(int first, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(first);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 1 << 16) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xFF);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    /**
     * Reassembles unmasked (server) frames from a byte stream and hands over each text frame's payload as a
     * slice of a reused buffer (valid only during the call), so that reading allocates nothing per frame.
     */
    static final class Reader {
        private ByteBuffer pending = ByteBuffer.allocate(64 * 1024);

        void feed(ByteBuffer bytes, Consumer<ByteBuffer> texts) {
            if (pending.remaining() < bytes.remaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(pending.capacity() + bytes.remaining() * 2);
                pending.flip();
                bigger.put(pending);
                pending = bigger;
            }
            pending.put(bytes).flip();
            while (pending.remaining() >= 2) {
                int start = pending.position();
                int first = pending.get() & 0xFF;
                int length = pending.get() & 0x7F;
                if (length == 126) {
                    if (pending.remaining() < 2) {
                        pending.position(start);
                        break;
                    }
                    length = pending.getShort() & 0xFFFF;
                } else if (length == 127) {
                    if (pending.remaining() < 8) {
                        pending.position(start);
                        break;
                    }
                    length = (int) pending.getLong();
                }
                if (pending.remaining() < length) {
                    pending.position(start);
                    break;
                }
                if ((first & 0x0F) == 0x1) {
                    texts.accept(pending.slice(pending.position(), length));
                }
                pending.position(pending.position() + length);
            }
            pending.compact();
        }
    }
}

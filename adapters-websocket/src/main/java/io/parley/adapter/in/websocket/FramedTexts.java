package io.parley.adapter.in.websocket;

import io.helidon.common.buffers.BufferData;

import io.parley.application.port.out.OutboundFrame;

/**
 * The whole text frame (header and payload) of events written to many connections, made once and written as it is
 * to each: a server frame is unmasked, so every receiver gets the same bytes. A message's fan-out writes one event
 * to all its members one after another, so a few slots, each remembering the last event framed there, hold it for
 * the whole fan-out; an event that finds its slot taken by another is framed again (and takes the slot). Framing
 * a one-frame batch into a buffer of its own copied the payload once per member, which was more than a third of
 * what the server allocated at a chat's rate.
 *
 * <p>Shared by every connection of the endpoint without a lock: a slot holds an immutable pair, so a thread that
 * reads it sees the pair whole or an older one, and an older one only costs a framing.
 */
final class FramedTexts {
    private static final int SLOTS = 64; // a power of two: the slot is the low bits of the frame's identity hash

    private final Framed[] slots = new Framed[SLOTS];

    /** The text frame carrying {@code frame}'s payload, ready to write (read-only: the bytes are shared). */
    BufferData framed(OutboundFrame frame) {
        int slot = System.identityHashCode(frame) & (SLOTS - 1);
        Framed seen = slots[slot];
        if (seen == null || seen.frame() != frame) {
            byte[] bytes = new byte[FrameEncoder.textFrameLength(frame.payload().length)];
            FrameEncoder.appendText(BufferData.create(bytes).clear(), frame.payload()); // written into bytes
            seen = new Framed(frame, bytes);
            slots[slot] = seen;
        }
        return BufferData.createReadOnly(seen.bytes(), 0, seen.bytes().length);
    }

    private record Framed(OutboundFrame frame, byte[] bytes) {
    }
}

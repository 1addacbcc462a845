package io.parley.adapter.in.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.parley.domain.connection.CloseCode;
import io.parley.domain.connection.CloseReason;

/**
 * Turns the frames a client sends into what they mean (RFC 6455 section 5): whole text messages, decoded as UTF-8
 * only once complete (a character may be split across fragments), pieces of binary messages (upload chunks,
 * passed on as they come), and control frames, which must be final and at most 125 bytes. A text or binary message
 * over the size bound is refused while it arrives, so it never sits in memory whole. Anything that breaks the
 * protocol is a {@link Piece.Violation} with its close code: 1002 for framing, 1007 for text that is not UTF-8,
 * 1009 for a message too big. One per connection, used by its reader thread only.
 */
final class MessageAssembler {
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CONTINUATION = 0x0;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;
    /** The largest payload of a control frame. */
    static final int MAX_CONTROL_PAYLOAD = 125;

    private final int maxMessageBytes;
    private int continuing = -1;
    private byte[] partial = new byte[0];
    private int partialLength;
    private long binaryLength;

    MessageAssembler(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Takes one frame: its opcode, whether it is final, and its unmasked payload. */
    Piece frame(int opcode, boolean fin, byte[] payload) {
        return switch (opcode) {
            case CLOSE, PING, PONG -> control(opcode, fin, payload);
            case TEXT, BINARY -> {
                if (continuing >= 0) {
                    yield violation(CloseCode.PROTOCOL_ERROR, "a new message began before the last one ended");
                }
                continuing = opcode;
                yield data(fin, payload);
            }
            case CONTINUATION -> continuing < 0
                    ? violation(CloseCode.PROTOCOL_ERROR, "a continuation frame without a message to continue")
                    : data(fin, payload);
            default -> violation(CloseCode.PROTOCOL_ERROR, "unknown opcode " + opcode);
        };
    }

    private Piece data(boolean fin, byte[] payload) {
        int opcode = continuing;
        if (fin) {
            continuing = -1;
        }
        if (opcode == BINARY) {
            binaryLength += payload.length;
            if (binaryLength > maxMessageBytes) {
                return violation(CloseCode.TOO_BIG, "binary message over " + maxMessageBytes + " bytes");
            }
            if (fin) {
                binaryLength = 0;
            }
            return new Piece.Binary(payload, fin);
        }
        if ((long) partialLength + payload.length > maxMessageBytes) {
            return violation(CloseCode.TOO_BIG, "message over " + maxMessageBytes + " bytes");
        }
        if (fin && partialLength == 0) {
            return decoded(payload, payload.length);
        }
        if (partial.length < partialLength + payload.length) {
            partial = Arrays.copyOf(partial, Math.max(partialLength + payload.length, partial.length * 2));
        }
        System.arraycopy(payload, 0, partial, partialLength, payload.length);
        partialLength += payload.length;
        if (!fin) {
            return new Piece.Incomplete();
        }
        Piece whole = decoded(partial, partialLength);
        partial = new byte[0];
        partialLength = 0;
        return whole;
    }

    private Piece control(int opcode, boolean fin, byte[] payload) {
        if (!fin) {
            return violation(CloseCode.PROTOCOL_ERROR, "a fragmented control frame");
        }
        if (payload.length > MAX_CONTROL_PAYLOAD) {
            return violation(CloseCode.PROTOCOL_ERROR, "a control frame over " + MAX_CONTROL_PAYLOAD + " bytes");
        }
        return switch (opcode) {
            case PING -> new Piece.Ping(payload);
            case PONG -> new Piece.Pong();
            default -> closeFrame(payload);
        };
    }

    private static Piece closeFrame(byte[] payload) {
        if (payload.length == 0) {
            return new Piece.Close(CloseReason.of(CloseCode.NO_STATUS, ""));
        }
        if (payload.length == 1) {
            return violation(CloseCode.PROTOCOL_ERROR, "a close frame with a one-byte code");
        }
        int code = (payload[0] & 0xFF) << 8 | payload[1] & 0xFF;
        if (code < 1000 || code > 4999 || !new CloseCode(code).sendable()) {
            return violation(CloseCode.PROTOCOL_ERROR, "close code " + code + " may not be sent");
        }
        Piece reason = decoded(Arrays.copyOfRange(payload, 2, payload.length), payload.length - 2);
        return reason instanceof Piece.Text text
                ? new Piece.Close(CloseReason.of(new CloseCode(code), text.text()))
                : reason;
    }

    private static Piece decoded(byte[] bytes, int length) {
        try {
            return new Piece.Text(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length)).toString());
        } catch (CharacterCodingException e) {
            return violation(CloseCode.INVALID_PAYLOAD, "text that is not valid UTF-8");
        }
    }

    private static Piece violation(CloseCode code, String reason) {
        return new Piece.Violation(CloseReason.of(code, reason));
    }

    /** What a frame amounts to. */
    sealed interface Piece {
        /** A whole text message. */
        record Text(String text) implements Piece {
        }

        /** A piece of a binary message; {@code last} when it ends the message. */
        record Binary(byte[] bytes, boolean last) implements Piece {
        }

        /** More fragments of a text message are to come. */
        record Incomplete() implements Piece {
        }

        /** A ping, to be answered with a pong carrying its payload. */
        record Ping(byte[] payload) implements Piece {
        }

        /** A pong. */
        record Pong() implements Piece {
        }

        /** The client closes, with its code ({@code 1005} when it gave none) and reason. */
        record Close(CloseReason reason) implements Piece {
        }

        /** The client broke the protocol: the connection closes with {@code reason}. */
        record Violation(CloseReason reason) implements Piece {
        }
    }
}

package io.parley.adapter.in.websocket;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.parley.adapter.in.websocket.MessageAssembler.Piece;
import io.parley.domain.connection.CloseCode;

import static io.parley.adapter.in.websocket.MessageAssembler.BINARY;
import static io.parley.adapter.in.websocket.MessageAssembler.CLOSE;
import static io.parley.adapter.in.websocket.MessageAssembler.CONTINUATION;
import static io.parley.adapter.in.websocket.MessageAssembler.PING;
import static io.parley.adapter.in.websocket.MessageAssembler.PONG;
import static io.parley.adapter.in.websocket.MessageAssembler.TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class MessageAssemblerTest {
    private final MessageAssembler assembler = new MessageAssembler(16);

    @Test
    void aCharacterSplitAcrossFragmentsIsDecodedWhole() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        assertInstanceOf(Piece.Incomplete.class, assembler.frame(TEXT, false, new byte[] {'a', euro[0]}));
        assertInstanceOf(Piece.Incomplete.class, assembler.frame(CONTINUATION, false, new byte[] {euro[1]}));
        assertEquals(new Piece.Text("a€b"), assembler.frame(CONTINUATION, true, new byte[] {euro[2], 'b'}));
        assertEquals(new Piece.Text("again"), assembler.frame(TEXT, true, bytes("again")));
    }

    @Test
    void textThatIsNotUtf8Closes1007() {
        assertCloses(CloseCode.INVALID_PAYLOAD, assembler.frame(TEXT, true, new byte[] {'a', (byte) 0xC3}));
        assertCloses(CloseCode.INVALID_PAYLOAD, new MessageAssembler(16).frame(TEXT, true,
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
    }

    @Test
    void aMessageOverTheBoundCloses1009WhileItArrives() {
        assertInstanceOf(Piece.Incomplete.class, assembler.frame(TEXT, false, new byte[10]));
        assertCloses(CloseCode.TOO_BIG, assembler.frame(CONTINUATION, false, new byte[7]));
        assertCloses(CloseCode.TOO_BIG, new MessageAssembler(16).frame(TEXT, true, new byte[17]));
        assertEquals(new Piece.Text("x".repeat(16)), new MessageAssembler(16).frame(TEXT, true, bytes("x".repeat(16))));
    }

    @Test
    void controlFramesMustBeFinalAndShort() {
        assertCloses(CloseCode.PROTOCOL_ERROR, assembler.frame(PING, false, new byte[0]));
        assertCloses(CloseCode.PROTOCOL_ERROR, assembler.frame(PING, true, new byte[126]));
        assertCloses(CloseCode.PROTOCOL_ERROR, assembler.frame(PONG, true, new byte[126]));
        byte[] payload = new byte[125];
        Arrays.fill(payload, (byte) 7);
        assertArrayEquals(payload, assertInstanceOf(Piece.Ping.class, assembler.frame(PING, true, payload))
                .payload());
        assertInstanceOf(Piece.Pong.class, assembler.frame(PONG, true, new byte[0]));
    }

    @Test
    void aControlFrameMayArriveBetweenFragments() {
        assembler.frame(TEXT, false, bytes("he"));
        assertInstanceOf(Piece.Ping.class, assembler.frame(PING, true, new byte[0]));
        assertEquals(new Piece.Text("hello"), assembler.frame(CONTINUATION, true, bytes("llo")));
    }

    @Test
    void fragmentsMustContinueAMessage() {
        assertCloses(CloseCode.PROTOCOL_ERROR, assembler.frame(CONTINUATION, true, bytes("x")));
        MessageAssembler started = new MessageAssembler(16);
        started.frame(TEXT, false, bytes("x"));
        assertCloses(CloseCode.PROTOCOL_ERROR, started.frame(TEXT, true, bytes("y")));
        assertCloses(CloseCode.PROTOCOL_ERROR, new MessageAssembler(16).frame(0x3, true, new byte[0]));
    }

    @Test
    void binaryPiecesPassThroughWithTheirEnd() {
        Piece.Binary first = assertInstanceOf(Piece.Binary.class, assembler.frame(BINARY, false, new byte[] {1}));
        assertEquals(false, first.last());
        assertEquals(true, assertInstanceOf(Piece.Binary.class, assembler.frame(CONTINUATION, true, new byte[] {2}))
                .last());
    }

    @Test
    void closeFramesCarryAValidCodeAndUtf8Reason() {
        Piece.Close close = assertInstanceOf(Piece.Close.class, assembler.frame(CLOSE, true,
                new byte[] {0x03, (byte) 0xE8, 'b', 'y', 'e'}));
        assertEquals(CloseCode.NORMAL, close.reason().code());
        assertEquals("bye", close.reason().reason());
        assertEquals(CloseCode.NO_STATUS, assertInstanceOf(Piece.Close.class,
                assembler.frame(CLOSE, true, new byte[0])).reason().code());
        assertCloses(CloseCode.PROTOCOL_ERROR, assembler.frame(CLOSE, true, new byte[] {0x03}));
        assertCloses(CloseCode.PROTOCOL_ERROR, assembler.frame(CLOSE, true, new byte[] {0x03, (byte) 0xED}));
        assertCloses(CloseCode.PROTOCOL_ERROR, assembler.frame(CLOSE, true, new byte[] {0x00, 0x01}));
        assertCloses(CloseCode.INVALID_PAYLOAD, assembler.frame(CLOSE, true,
                new byte[] {0x03, (byte) 0xE8, (byte) 0xFF}));
        assertEquals(new CloseCode(4321), assertInstanceOf(Piece.Close.class, assembler.frame(CLOSE, true,
                new byte[] {0x10, (byte) 0xE1})).reason().code());
    }

    private static void assertCloses(CloseCode code, Piece piece) {
        assertEquals(code, assertInstanceOf(Piece.Violation.class, piece).reason().code());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

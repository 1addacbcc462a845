package io.parley.application.port.out;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.parley.domain.connection.CloseCode;
import io.parley.domain.connection.CloseReason;
import io.parley.domain.protocol.ServerEvent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link ConnectionTransportPort} promises the outbound queue, run against each implementation (the
 * WebSocket socket, the tests' recording transport): a batch arrives whole and in order, large text frames
 * included; a write to a peer that stopped reading is ended by {@code abort}, with an exception; after
 * {@code abort}, and once the peer went away, writes throw.
 */
public abstract class ConnectionTransportPortContract {
    /** Longer than any socket buffer on loopback: a peer that does not read cannot take it all. */
    private static final int MORE_THAN_BUFFERS = 64 * 1024 * 1024;
    private static final long BOUND_SECONDS = 30;

    private Wire wire;

    /** A transport and the peer at its other end. */
    protected interface Wire extends AutoCloseable {
        ConnectionTransportPort transport();

        /** The next {@code count} frames the peer received, waiting for them. */
        List<Seen> receive(int count) throws Exception;

        /** The peer stops reading: what is written fills the buffers between them, then writes block. */
        void stopReading() throws Exception;

        /** The peer goes away. */
        void hangUp() throws Exception;
    }

    /** A frame as the peer saw it: its kind and its payload's bytes (Latin-1, one character per byte). */
    public record Seen(Kind kind, String bytes) {
        /** The frame kinds of RFC 6455 a server sends. */
        public enum Kind { TEXT, PING, PONG, CLOSE }

        /** What the peer sees for {@code outbound}: a close carries its code and reason, or nothing for 1005. */
        public static Seen of(Outbound outbound) {
            return switch (outbound) {
                case Outbound.Text text -> new Seen(Kind.TEXT, latin1(text.frame().payload()));
                case Outbound.Ping ping -> new Seen(Kind.PING, "");
                case Outbound.Pong pong -> new Seen(Kind.PONG, latin1(pong.payload()));
                case Outbound.Close close -> new Seen(Kind.CLOSE, close.reason().code().equals(CloseCode.NO_STATUS)
                        ? "" : (char) (close.reason().code().value() >>> 8) + ""
                        + (char) (close.reason().code().value() & 0xFF)
                        + latin1(close.reason().reason().getBytes(StandardCharsets.UTF_8)));
            };
        }

        public static Seen of(Kind kind, byte[] payload) {
            return new Seen(kind, latin1(payload));
        }

        private static String latin1(byte[] bytes) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** Connects a transport under test to a peer. */
    protected abstract Wire connect() throws Exception;

    @BeforeEach
    void connectWire() throws Exception {
        wire = connect();
    }

    @AfterEach
    void closeWire() throws Exception {
        wire.close();
    }

    @Test
    void aBatchArrivesWholeAndInOrder() throws Exception {
        List<Outbound> batch = List.of(text("{\"type\":\"pong\"}"), new Outbound.Ping(),
                new Outbound.Pong(new byte[] {1, 2, 3}), text("é中😀"), new Outbound.Close(
                        CloseReason.of(CloseCode.NORMAL, "bye")));

        wire.transport().write(batch);

        assertEquals(batch.stream().map(Seen::of).toList(), wire.receive(batch.size()));
    }

    @Test
    void textOf64KiBAndMoreArrivesIntactAndBatchesFollowEachOther() throws Exception {
        List<Outbound> first = List.of(text("a".repeat(125)), text("b".repeat(126)), text("c".repeat(65_535)));
        List<Outbound> second = List.of(text("d".repeat(65_536)), text("e".repeat(1_000_000)));

        wire.transport().write(first);
        wire.transport().write(second);

        assertEquals(java.util.stream.Stream.concat(first.stream(), second.stream()).map(Seen::of).toList(),
                wire.receive(first.size() + second.size()));
    }

    @Test
    // a frame written short would leave the peer blocked reading the rest: fail rather than hang
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anEventWrittenAloneArrivesWholeEachTimeItIsWritten() throws Exception {
        // a fan-out writes one shared frame to every member, most often as a batch of its own
        List<Outbound> shared = List.of(text("f".repeat(125)), text("g".repeat(126)), text("h".repeat(65_536)));
        List<Outbound> written = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (Outbound each : shared) {
                wire.transport().write(List.of(each));
                written.add(each);
            }
        }

        assertEquals(written.stream().map(Seen::of).toList(), wire.receive(written.size()));
    }

    @Test
    void aCloseWithoutACodeCarriesNothing() throws Exception {
        Outbound close = new Outbound.Close(CloseReason.of(CloseCode.NO_STATUS, ""));

        wire.transport().write(List.of(close));

        assertEquals(List.of(new Seen(Seen.Kind.CLOSE, "")), wire.receive(1));
    }

    @Test
    void aWriteToAPeerThatStoppedReadingIsEndedByAbortWithAnException() throws Exception {
        wire.stopReading();
        byte[] payload = new byte[MORE_THAN_BUFFERS];
        Arrays.fill(payload, (byte) 'x');
        CompletableFuture<Throwable> writing = CompletableFuture.supplyAsync(() -> {
            try {
                wire.transport().write(List.of(new Outbound.Text(new OutboundFrame(new ServerEvent.Pong("contract"), payload))));
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });

        wire.transport().abort();

        Throwable ended = writing.get(BOUND_SECONDS, TimeUnit.SECONDS);
        assertInstanceOf(RuntimeException.class, ended, "the write did not end with an exception");
    }

    @Test
    void afterAnAbortWritesThrowAndAbortingAgainIsHarmless() {
        wire.transport().abort();
        wire.transport().abort();

        assertThrows(RuntimeException.class, () -> wire.transport().write(List.of(text("late"))));
    }

    @Test
    void onceThePeerWentAwayWritesThrow() throws Exception {
        wire.hangUp();

        // a socket may take a write or two into its buffer before it learns the peer is gone
        RuntimeException failed = null;
        for (int i = 0; i < 100 && failed == null; i++) {
            try {
                wire.transport().write(List.of(text("x".repeat(64 * 1024))));
            } catch (RuntimeException e) {
                failed = e;
            }
        }
        assertTrue(failed != null, "writes to a peer that went away kept succeeding");
    }

    private static Outbound text(String json) {
        return new Outbound.Text(new OutboundFrame(new ServerEvent.Pong("contract"), json.getBytes(StandardCharsets.UTF_8)));
    }
}

package io.parley.adapter.in.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A write to a peer that stopped reading is cut after the write timeout, on a real loopback socket channel. */
class StalledWritesTest {

    @Test
    void aWriteThatMakesNoProgressIsCutAndItsChannelClosed() throws Exception {
        try (StalledWrites writes = new StalledWrites(Duration.ofMillis(200));
             ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             SocketChannel reader = SocketChannel.open(server.getLocalAddress());
             SocketChannel writer = server.accept()) {
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
            Runnable blocks = () -> {
                try {
                    while (true) { // the reader never reads: the buffers between fill up, then the write blocks
                        chunk.clear();
                        writer.write(chunk);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                UncheckedIOException cut = assertThrows(UncheckedIOException.class, () -> writes.write(blocks));
                assertInstanceOf(ClosedByInterruptException.class, cut.getCause());
                assertFalse(Thread.interrupted(), "the writing thread is not left interrupted");
            });
            assertFalse(writer.isOpen());
        }
    }

    @Test
    void aWriteInTimeLeavesTheThreadAndChannelAsTheyWere() throws Exception {
        try (StalledWrites writes = new StalledWrites(Duration.ofSeconds(30));
             ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             SocketChannel reader = SocketChannel.open(server.getLocalAddress());
             SocketChannel writer = server.accept()) {
            writes.write(() -> {
                try {
                    writer.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertFalse(Thread.interrupted());
            assertTrue(writer.isOpen());
        }
    }
}

package io.parley.bootstrap.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many receiving WebSocket connections served by one selector thread: it reads server frames, and for every
 * {@code message} frame records the time since the send time the message carries. Lean on purpose, so that the
 * figures are the gateway's rather than a client library's.
 */
final class NioReceivers implements AutoCloseable {
    private final Selector selector = Selector.open();
    private final List<SocketChannel> channels = new ArrayList<>();
    private final AtomicLong received = new AtomicLong();
    private final Thread loop;
    private volatile long expected = Long.MAX_VALUE;
    private volatile CountDownLatch done = new CountDownLatch(1);
    private volatile long[] latencies = new long[0];
    private volatile boolean running = true;
    private final CountDownLatch joined;

    NioReceivers(int port, int count, String conversation) throws IOException {
        this(List.of(port), count, conversation);
    }

    /** {@code count} receivers spread over the nodes listening on {@code ports}, round robin. */
    NioReceivers(List<Integer> ports, int count, String conversation) throws IOException {
        joined = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", ports.get(i % ports.size())));
            Handshake.perform(channel.socket(), "r" + i);
            channel.socket().getOutputStream().write(Frames.maskedText(
                    "{\"type\":\"join\",\"conversation\":\"" + conversation + "\"}"));
            channels.add(channel);
        }
        for (SocketChannel channel : channels) {
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, new Frames.Reader());
        }
        loop = Thread.ofPlatform().name("receivers").start(this::run);
    }

    /** Waits until every receiver is a member (its {@code joined} arrived); false when {@code timeout} passed. */
    boolean awaitJoined(long timeout, TimeUnit unit) throws InterruptedException {
        return joined.await(timeout, unit);
    }

    /** Starts counting {@code deliveries} message frames from zero. */
    void expect(long deliveries) {
        latencies = new long[(int) Math.min(deliveries, 5_000_000)];
        received.set(0);
        done = new CountDownLatch(1);
        expected = deliveries;
    }

    boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return done.await(timeout, unit);
    }

    long received() {
        return received.get();
    }

    /** Send-to-receive latencies of the current round, microseconds, sorted. */
    long[] latenciesMicros() {
        long[] copy = Arrays.copyOf(latencies, (int) Math.min(received.get(), latencies.length));
        Arrays.sort(copy);
        return copy;
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
        try {
            while (running) {
                selector.select(100);
                long now = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    buffer.clear();
                    if (((SocketChannel) key.channel()).read(buffer) < 0) {
                        key.cancel();
                        continue;
                    }
                    buffer.flip();
                    ((Frames.Reader) key.attachment()).feed(buffer, text -> onText(text, now));
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            running = false;
        }
    }

    private static final byte[] MESSAGE = "{\"type\":\"message\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JOINED = "{\"type\":\"joined\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT = "\"content\":\"".getBytes(StandardCharsets.US_ASCII);

    /** Records one message frame's latency: its content starts with the send time in nanoseconds. */
    private void onText(ByteBuffer text, long now) {
        if (!startsWith(text, 0, MESSAGE)) {
            if (startsWith(text, 0, JOINED)) {
                joined.countDown();
            }
            return;
        }
        int at = indexOf(text, CONTENT);
        if (at < 0) {
            return;
        }
        long sent = 0;
        for (int i = at + CONTENT.length; i < text.limit() && text.get(i) >= '0' && text.get(i) <= '9'; i++) {
            sent = sent * 10 + (text.get(i) - '0');
        }
        long index = received.incrementAndGet();
        if (index <= latencies.length) {
            latencies[(int) index - 1] = (now - sent) / 1000;
        }
        if (index == expected) {
            done.countDown();
        }
    }

    private static boolean startsWith(ByteBuffer text, int from, byte[] prefix) {
        if (text.limit() - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (text.get(from + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(ByteBuffer text, byte[] needle) {
        for (int i = 0; i + needle.length <= text.limit(); i++) {
            if (startsWith(text, i, needle)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        running = false;
        loop.join(1000);
        for (SocketChannel channel : channels) {
            channel.close();
        }
        selector.close();
    }

    /** The opening handshake on a blocking socket. */
    static final class Handshake {
        private Handshake() {
        }

        static void perform(java.net.Socket socket, String user) throws IOException {
            socket.getOutputStream().write(("GET /ws?user=" + user + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            java.io.InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed during handshake: " + head);
                }
                head.append((char) b);
                matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            if (!head.toString().startsWith("HTTP/1.1 101")) {
                throw new IOException("refused: " + head);
            }
        }
    }
}

package io.parley.bootstrap.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * The load generator: every client connection of a session on one Netty event loop, that is one thread, as in
 * the setup (pinned to its own core by {@code scripts/benchmark-baseline}). Lean like {@link NioReceivers}
 * so that the figures are the server's: the handshake is a fixed request written as bytes (no HTTP codec per
 * connection), server frames are parsed in place in Netty's pooled read buffers, and nothing is allocated per
 * frame received; sends and pongs allocate their frame.
 *
 * <p>Speaks both dialects. Parley: receivers {@code join} a conversation, a {@code message} frame's
 * {@code content} starts with its send time, the sender's requests carry a {@code ref} that its {@code ack}
 * echoes. The bare baseline: every text frame is a message, starts with its send time, and also reaches the
 * sender, whose own copy stands in for an ack. Every payload is {@value #PAYLOAD_BYTES} bytes.
 *
 * <p>State is touched only on the loop's thread, without locks; the benchmark reads it through {@link #onLoop}.
 */
final class LoadGenerator implements AutoCloseable {
    static final int PAYLOAD_BYTES = 64;
    private static final Duration ANSWER = Duration.ofSeconds(30);

    enum Dialect { PARLEY, BASELINE }

    enum Role { IDLE, RECEIVER, SENDER }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoop loop = group.next();
    private final Bootstrap bootstrap;
    private final Dialect dialect;
    private final int port;
    /** Send times are nanoseconds since this, so that they fit 19 digits and are never negative. */
    private final long origin = System.nanoTime();

    // the current round of deliveries (loop thread only)
    private long expected = Long.MAX_VALUE;
    private long received;
    private long doneAt;
    private long[] latencies = new long[0];
    private int latencyCount;
    // the whole session (loop thread only)
    private long joined;
    private long dropped;
    private String lastDrop = "";
    /** Every channel still open, to be closed with the generator: the loop's shutdown leaves them open. */
    private final Set<Channel> channels = new LinkedHashSet<>();

    LoadGenerator(int port, Dialect dialect) {
        this.port = port;
        this.dialect = dialect;
        this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .remoteAddress(new InetSocketAddress("127.0.0.1", port));
    }

    /** What {@link #open} did: the connections, and how long it took until the last one got its 101. */
    record Opened(List<Channel> channels, long nanos) {
        double perSecond() {
            return channels.size() / (nanos / 1e9);
        }
    }

    /**
     * Opens {@code count} WebSocket connections, with at most {@code inFlight} handshakes under way at a time (a
     * new one starts as soon as one is answered); returns once every one is open.
     */
    Opened open(int count, int inFlight, String userPrefix, Role role, Duration within) throws Exception {
        CompletableFuture<Opened> done = new CompletableFuture<>();
        loop.execute(() -> new Opener(count, inFlight, userPrefix, role, done).start());
        return done.get(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Parley: every channel joins {@code conversation}; returns once all of them got their {@code joined}. */
    void join(List<Channel> channels, String conversation, Duration within) throws Exception {
        long before = onLoop(() -> joined);
        byte[] frame = Frames.maskedText("{\"type\":\"join\",\"conversation\":\"" + conversation + "\"}");
        onLoop(() -> {
            for (Channel channel : channels) {
                channel.writeAndFlush(Unpooled.wrappedBuffer(frame));
            }
            return null;
        });
        await("joins", () -> joined - before >= channels.size(), within);
    }

    /** Starts a round: counts receivers' deliveries from zero, up to {@code deliveries}; latencies if asked. */
    void expect(long deliveries, boolean recordLatencies) throws Exception {
        onLoop(() -> {
            received = 0;
            doneAt = 0;
            expected = deliveries;
            latencyCount = 0;
            latencies = recordLatencies ? new long[(int) Math.min(deliveries, 20_000_000)] : new long[0];
            return null;
        });
    }

    /** Waits until the round's deliveries all arrived; false when {@code within} passed first. */
    boolean awaitDelivered(Duration within) throws Exception {
        try {
            await("deliveries", () -> received >= expected, within);
            return true;
        } catch (IllegalStateException timedOut) {
            return false;
        }
    }

    long received() throws Exception {
        return onLoop(() -> received);
    }

    /** When (nanoTime) the round's last delivery arrived; 0 while it has not. */
    long doneAt() throws Exception {
        return onLoop(() -> doneAt);
    }

    /** End-to-end latencies of the round, microseconds, sorted. */
    long[] latenciesMicros() throws Exception {
        long[] copy = onLoop(() -> Arrays.copyOf(latencies, latencyCount));
        Arrays.sort(copy);
        return copy;
    }

    /** Connections the server closed or that broke (none of ours), and why the last one did. */
    String drops() throws Exception {
        return onLoop(() -> dropped == 0 ? "" : dropped + " (last: " + lastDrop + ")");
    }

    /** What {@link #offer} did: when the first and the last message went, and deliveries counted by then. */
    record Offered(long firstAt, long lastAt, long receivedAtFirst, long receivedAtLast) {
        double deliveriesPerSecond() {
            return (receivedAtLast - receivedAtFirst) / ((lastAt - firstAt) / 1e9);
        }
    }

    /**
     * Sends {@code count} messages at {@code rate} a second, on the loop's timer at a fixed rate (the timer is
     * millisecond-grained, the average rate exact); each is stamped when it is written. Returns after the last.
     */
    Offered offer(Channel sender, String conversation, int rate, int count) throws Exception {
        CompletableFuture<Offered> done = new CompletableFuture<>();
        loop.execute(() -> {
            long[] marks = new long[2];
            int[] sent = {0};
            ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
            task[0] = loop.scheduleAtFixedRate(() -> {
                if (sent[0] == count) {
                    return;
                }
                if (sent[0] == 0) {
                    marks[0] = System.nanoTime();
                    marks[1] = received;
                }
                sender.writeAndFlush(message(conversation, sent[0]++));
                if (sent[0] == count) {
                    done.complete(new Offered(marks[0], System.nanoTime(), marks[1], received));
                    task[0].cancel(false);
                }
            }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
        });
        return done.get(count / rate + 60L, TimeUnit.SECONDS);
    }

    /** What {@link #burst} did: from the first send to the last answer, and what was wrong with the answers. */
    record Burst(int messages, long startedAt, long answeredAt, int outOfOrder, int errors) {
        double perSecond() {
            return messages / ((answeredAt - startedAt) / 1e9);
        }
    }

    /**
     * Sends up to {@code messages} as fast as the server takes them, for at most {@code sendingFor}: a new one
     * whenever one is answered (Parley: its {@code ack}; the baseline: the sender's own copy), with at most
     * {@code window} unanswered, so that the sender never waits for a round trip and the server's queues stay
     * bounded. Returns once every message sent is answered.
     */
    Burst burst(Channel sender, String conversation, int messages, int window, Duration sendingFor)
            throws Exception {
        CompletableFuture<Burst> done = new CompletableFuture<>();
        loop.execute(() -> ((Connection) sender.pipeline().first())
                .startBurst(sender, conversation, messages, window, sendingFor.toNanos(), done));
        return done.get(sendingFor.plus(ANSWER).toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Sets how many deliveries the current round counts up to, without starting over (for a burst, whose count is
     * known once it ended); when they already all arrived, the round is done now.
     */
    void expectInAll(long deliveries) throws Exception {
        onLoop(() -> {
            expected = deliveries;
            if (received >= expected && doneAt == 0) {
                doneAt = System.nanoTime();
            }
            return null;
        });
    }

    /** Closes the channels (ours: not counted as drops); returns once they are closed. */
    void closeAll(List<Channel> channels) throws Exception {
        List<ChannelFuture> closing = onLoop(() -> {
            List<ChannelFuture> futures = new ArrayList<>(channels.size());
            for (Channel channel : channels) {
                if (channel.pipeline().first() instanceof Connection connection) {
                    connection.closing = true;
                }
                futures.add(channel.close());
            }
            return futures;
        });
        for (ChannelFuture future : closing) {
            future.await(ANSWER.toMillis());
        }
    }

    /** Runs {@code task} on the loop's thread and returns what it returns. */
    <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void await(String what, BooleanSupplier condition, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!onLoop(condition::getAsBoolean)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not all arrive within " + within);
            }
            Thread.sleep(10);
        }
    }

    /** A message frame whose 64-byte payload is its send time (19 digits), its number, and padding. */
    private ByteBuf message(String conversation, int number) {
        StringBuilder payload = new StringBuilder(PAYLOAD_BYTES);
        String stamp = Long.toString(System.nanoTime() - origin);
        payload.append("0".repeat(19 - stamp.length())).append(stamp).append(' ').append(number).append(' ');
        while (payload.length() < PAYLOAD_BYTES) {
            payload.append('x');
        }
        String text = dialect == Dialect.BASELINE ? payload.toString()
                : "{\"type\":\"send\",\"conversation\":\"" + conversation + "\",\"reply\":false,\"ref\":\"" + number
                        + "\",\"content\":\"" + payload + "\"}";
        return Unpooled.wrappedBuffer(Frames.maskedText(text));
    }

    private void delivered(long stamp, long now) {
        received++;
        if (latencyCount < latencies.length) {
            latencies[latencyCount++] = (now - origin - stamp) / 1000;
        }
        if (received == expected) {
            doneAt = now;
        }
    }

    @Override
    public void close() throws Exception {
        closeAll(onLoop(() -> List.copyOf(channels)));
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }

    /** Opens connections with a bounded number of handshakes in flight (loop thread only). */
    private final class Opener {
        private final int count;
        private final int inFlight;
        private final String userPrefix;
        private final Role role;
        private final CompletableFuture<Opened> done;
        private final List<Channel> channels;
        private int started;
        private long startedAt;

        Opener(int count, int inFlight, String userPrefix, Role role, CompletableFuture<Opened> done) {
            this.count = count;
            this.inFlight = inFlight;
            this.userPrefix = userPrefix;
            this.role = role;
            this.done = done;
            this.channels = new ArrayList<>(count);
        }

        void start() {
            startedAt = System.nanoTime();
            for (int i = 0; i < Math.min(inFlight, count); i++) {
                next();
            }
        }

        private void next() {
            Connection connection = new Connection(userPrefix + started++, role, this);
            ChannelFuture connecting = bootstrap.clone().handler(connection).connect();
            LoadGenerator.this.channels.add(connecting.channel());
            connecting.addListener((ChannelFuture f) -> {
                if (!f.isSuccess()) {
                    done.completeExceptionally(new IOException("connect failed after " + channels.size()
                            + " connections: " + f.cause(), f.cause()));
                }
            });
        }

        void opened(Channel channel) {
            channels.add(channel);
            if (channels.size() == count) {
                done.complete(new Opened(channels, System.nanoTime() - startedAt));
            } else if (started < count) {
                next();
            }
        }

        void refused(String head) {
            done.completeExceptionally(new IOException("handshake refused after " + channels.size()
                    + " connections: " + head.lines().findFirst().orElse(head)));
        }
    }

    /** One client connection: the handshake, then server frames parsed in place. */
    private final class Connection extends ByteToMessageDecoder {
        private final String user;
        private final Role role;
        private Opener opener;
        private boolean open;
        private long now;
        boolean closing;
        // a burst under way (the sender; loop thread only)
        private CompletableFuture<Burst> burst;
        private String burstConversation;
        private int burstMessages;
        private long burstFor;
        private boolean burstStopped;
        private int burstSent;
        private int answered;
        private int outOfOrder;
        private int errors;
        private long burstStartedAt;

        Connection(String user, Role role, Opener opener) {
            this.user = user;
            this.role = role;
            this.opener = opener;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(("GET /ws?user=" + user + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            super.channelActive(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            now = System.nanoTime();
            super.channelRead(ctx, msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
            if (burst != null) {
                ctx.flush();
            }
            super.channelReadComplete(ctx);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            if (!open && !handshake(ctx, in)) {
                return;
            }
            while (in.readableBytes() >= 2) {
                int start = in.readerIndex();
                int first = in.getUnsignedByte(start);
                int length = in.getUnsignedByte(start + 1) & 0x7F;
                int header = 2;
                if (length == 126) {
                    if (in.readableBytes() < 4) {
                        return;
                    }
                    length = in.getUnsignedShort(start + 2);
                    header = 4;
                } else if (length == 127) {
                    if (in.readableBytes() < 10) {
                        return;
                    }
                    length = (int) in.getLong(start + 2);
                    header = 10;
                }
                if (in.readableBytes() < header + length) {
                    return;
                }
                int payload = start + header;
                in.readerIndex(payload + length);
                switch (first & 0x0F) {
                    case 0x1 -> text(ctx, in, payload, length);
                    case 0x9 -> {
                        byte[] data = new byte[length];
                        in.getBytes(payload, data);
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(Frames.masked(0x8A, data)));
                    }
                    case 0x8 -> {
                        drop("closed by the server" + (length >= 2 ? " with " + in.getUnsignedShort(payload) : ""));
                        ctx.close();
                    }
                    default -> {
                        // pong, continuation, binary: nothing the benchmark sends for
                    }
                }
            }
        }

        /** Reads the handshake's answer; true once the connection is open (the rest of {@code in} is frames). */
        private boolean handshake(ChannelHandlerContext ctx, ByteBuf in) {
            int end = -1;
            for (int i = in.readerIndex(); i + 3 < in.writerIndex(); i++) {
                if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r'
                        && in.getByte(i + 3) == '\n') {
                    end = i + 4;
                    break;
                }
            }
            if (end < 0) {
                return false;
            }
            String head = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.US_ASCII);
            in.readerIndex(end);
            if (!head.startsWith("HTTP/1.1 101")) {
                opener.refused(head);
                closing = true;
                ctx.close();
                return false;
            }
            open = true;
            Opener o = opener;
            opener = null;
            o.opened(ctx.channel());
            return true;
        }

        private void text(ChannelHandlerContext ctx, ByteBuf in, int at, int length) {
            if (dialect == Dialect.BASELINE) {
                if (role == Role.RECEIVER) {
                    delivered(digits(in, at, at + length), now);
                } else if (role == Role.SENDER && burst != null) {
                    answer(ctx, (int) digits(in, at + 20, at + length), false);
                }
                return;
            }
            if (startsWith(in, at, length, MESSAGE)) {
                if (role == Role.RECEIVER) {
                    int content = indexOf(in, at + MESSAGE.length, at + length, CONTENT);
                    if (content >= 0) {
                        delivered(digits(in, content + CONTENT.length, at + length), now);
                    }
                }
            } else if (startsWith(in, at, length, JOINED)) {
                joined++;
            } else if (burst != null && (startsWith(in, at, length, ACK) || startsWith(in, at, length, ERROR))) {
                int ref = indexOf(in, at, at + length, REF);
                answer(ctx, ref < 0 ? -1 : (int) digits(in, ref + REF.length, at + length),
                        startsWith(in, at, length, ERROR));
            }
        }

        void startBurst(Channel channel, String conversation, int messages, int window, long sendingFor,
                        CompletableFuture<Burst> done) {
            burst = done;
            burstConversation = conversation;
            burstMessages = messages;
            burstFor = sendingFor;
            burstStopped = false;
            burstSent = 0;
            answered = 0;
            outOfOrder = 0;
            errors = 0;
            burstStartedAt = System.nanoTime();
            while (burstSent < Math.min(window, messages)) {
                channel.write(message(conversation, burstSent++));
            }
            channel.flush();
        }

        /** The answer to message {@code number}: the next one goes; answers must come in the order sent. */
        private void answer(ChannelHandlerContext ctx, int number, boolean error) {
            if (number != answered) {
                outOfOrder++;
            }
            if (error) {
                errors++;
            }
            answered++;
            if (!burstStopped && burstSent < burstMessages && now - burstStartedAt < burstFor) {
                ctx.write(message(burstConversation, burstSent++));
            } else {
                burstStopped = true;
            }
            if (burstStopped && answered == burstSent) {
                CompletableFuture<Burst> done = burst;
                burst = null;
                done.complete(new Burst(answered, burstStartedAt, now, outOfOrder, errors));
            }
        }

        private void drop(String why) {
            if (!closing) {
                closing = true;
                dropped++;
                lastDrop = user + " " + why;
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            channels.remove(ctx.channel());
            drop("connection lost");
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            drop(cause.toString());
            ctx.close();
        }
    }

    private static final byte[] MESSAGE = ascii("{\"type\":\"message\"");
    private static final byte[] JOINED = ascii("{\"type\":\"joined\"");
    private static final byte[] ACK = ascii("{\"type\":\"ack\"");
    private static final byte[] ERROR = ascii("{\"type\":\"error\"");
    private static final byte[] CONTENT = ascii("\"content\":\"");
    private static final byte[] REF = ascii("\"ref\":\"");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The decimal number at {@code from} (up to the first non-digit). */
    private static long digits(ByteBuf in, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            byte b = in.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }

    private static boolean startsWith(ByteBuf in, int at, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (in.getByte(at + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Where {@code needle} starts; candidates are found by {@link ByteBuf#indexOf}, a word at a time. */
    private static int indexOf(ByteBuf in, int from, int to, byte[] needle) {
        for (int i = in.indexOf(from, to, needle[0]); i >= 0 && i + needle.length <= to;
             i = in.indexOf(i + 1, to, needle[0])) {
            if (startsWith(in, i, needle.length, needle)) {
                return i;
            }
        }
        return -1;
    }
}

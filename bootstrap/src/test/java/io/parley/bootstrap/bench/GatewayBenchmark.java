package io.parley.bootstrap.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Measures the gateway on this machine and prints the figures: fan-out throughput and latency in one
 * conversation with 1 sender and 1 000 receivers, and memory per idle connection at 10 000 connections. The
 * server runs as its own process (the packaged jar); clients run in this JVM, on the same machine.
 *
 * <p>Run with {@code scripts/benchmark} (see the README). Given several jars ({@code label=path}, or a path),
 * it measures each in turn, scenario by scenario, so that a before and an after see the same machine in one run
 * ({@code scripts/benchmark-compare}).
 */
public final class GatewayBenchmark {
    private static final int RECEIVERS = 1000;
    private static final int IDLE_CONNECTIONS = 10_000;

    private GatewayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Path> jars = new java.util.LinkedHashMap<>();
        for (String arg : args.length > 0 ? args : new String[] {"bootstrap/target/parley.jar"}) {
            int equals = arg.indexOf('=');
            jars.put(equals < 0 ? "jar" + (jars.size() + 1) : arg.substring(0, equals),
                    Path.of(equals < 0 ? arg : arg.substring(equals + 1)));
        }
        Map<String, String> env = Map.of(
                "PARLEY_MAX_CONNECTIONS", "20000",
                "PARLEY_MAX_CONNECTIONS_PER_CLIENT", "20000",
                "PARLEY_MAX_CONNECTIONS_PER_ADDRESS", "20000",
                "PARLEY_CONNECTS_PER_MINUTE", "1000000",
                "PARLEY_MESSAGES_PER_SECOND", "100000",
                "PARLEY_HEARTBEAT_INTERVAL", "5m",
                "PARLEY_OUTBOUND_QUEUE_BYTES", "16MiB");
        report("machine", Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", server and clients on the same machine");
        for (String store : new String[] {"jdbc", "memory"}) {
            Map<String, String> withStore = new java.util.HashMap<>(env);
            withStore.put("PARLEY_STORE", store);
            for (Map.Entry<String, Path> jar : jars.entrySet()) {
                report("store", store.equals("jdbc") ? "jdbc (the default: embedded H2 file, every message "
                        + "committed before its ack)" : "memory (the fan-out path alone)");
                report("jar", jar.getKey() + " " + jar.getValue());
                try (ServerProcess server = ServerProcess.start(jar.getValue(), withStore)) {
                    fanOut(server.port());
                }
            }
        }
        for (Map.Entry<String, Path> jar : jars.entrySet()) {
            report("jar", jar.getKey() + " " + jar.getValue());
            try (ServerProcess server = ServerProcess.start(jar.getValue(), env)) {
                idleMemory(server);
            }
        }
    }

    /** 1 sender, 1 000 receivers in one conversation: saturated throughput, then latency at fixed rates. */
    private static void fanOut(int port) throws Exception {
        try (NioReceivers receivers = new NioReceivers(port, RECEIVERS, "bench")) {
            if (!receivers.awaitJoined(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the receivers did not all join");
            }
            RawSender sender = new RawSender(port, "sender", "bench");
            warmUp(sender, receivers);

            int burst = 5000;
            receivers.expect(burst * (long) RECEIVERS);
            long started = System.nanoTime();
            for (int i = 0; i < burst; i++) {
                sender.send(message(i));
            }
            awaitAll(receivers, Duration.ofMinutes(5));
            double seconds = (System.nanoTime() - started) / 1e9;
            report("fan-out, saturated", String.format(Locale.ROOT,
                    "%d messages x %d receivers in %.2f s: %.0f deliveries/s (%.0f messages/s in)",
                    burst, RECEIVERS, seconds, burst * RECEIVERS / seconds, burst / seconds));

            for (int rate : new int[] {10, 50, 100, 200}) {
                int count = rate * 10;
                receivers.expect(count * (long) RECEIVERS);
                long interval = 1_000_000_000L / rate;
                long next = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    while (System.nanoTime() < next) {
                        Thread.onSpinWait();
                    }
                    sender.send(message(i));
                    next += interval;
                }
                awaitAll(receivers, Duration.ofMinutes(2));
                long[] latencies = receivers.latenciesMicros();
                report("latency at " + rate + " msg/s", String.format(Locale.ROOT,
                        "%6d deliveries/s: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d samples)",
                        rate * RECEIVERS, percentile(latencies, 50) / 1000.0, percentile(latencies, 99) / 1000.0,
                        latencies[latencies.length - 1] / 1000.0, latencies.length));
            }
            sender.close();
        }
    }

    private static void warmUp(RawSender sender, NioReceivers receivers) throws Exception {
        receivers.expect(500L * RECEIVERS);
        for (int i = 0; i < 500; i++) {
            sender.send(message(i));
        }
        awaitAll(receivers, Duration.ofMinutes(2));
    }

    private static void awaitAll(NioReceivers receivers, Duration within) throws InterruptedException {
        if (!receivers.await(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("only " + receivers.received() + " deliveries arrived");
        }
    }

    /** 10 000 idle connections: heap after GC and RSS of the server, per connection. */
    private static void idleMemory(ServerProcess server) throws Exception {
        long heapBefore = server.heapAfterGcKib();
        long rssBefore = server.rssKib();
        List<Socket> idle = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < IDLE_CONNECTIONS; i++) {
            idle.add(handshake(server.port(), "idle" + i));
        }
        double openSeconds = (System.nanoTime() - started) / 1e9;
        long heapAfter = server.heapAfterGcKib();
        long rssAfter = server.rssKib();
        report("idle connections", String.format(Locale.ROOT, "%d opened in %.1f s (%.0f/s)", IDLE_CONNECTIONS,
                openSeconds, IDLE_CONNECTIONS / openSeconds));
        report("heap after GC", String.format(Locale.ROOT, "%d KiB -> %d KiB: %.1f KiB per idle connection",
                heapBefore, heapAfter, (heapAfter - heapBefore) / (double) IDLE_CONNECTIONS));
        report("RSS", String.format(Locale.ROOT, "%d KiB -> %d KiB: %.1f KiB per idle connection", rssBefore,
                rssAfter, (rssAfter - rssBefore) / (double) IDLE_CONNECTIONS));
        for (Socket socket : idle) {
            socket.close();
        }
    }

    private static String message(int i) {
        return "{\"type\":\"send\",\"conversation\":\"bench\",\"reply\":false,\"content\":\"" + System.nanoTime()
                + " message " + i + "\"}";
    }

    private static Socket handshake(int port, String user) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        NioReceivers.Handshake.perform(socket, user);
        return socket;
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)];
    }

    private static void report(String what, String figures) {
        System.out.printf(Locale.ROOT, "%-22s %s%n", what, figures);
    }
}

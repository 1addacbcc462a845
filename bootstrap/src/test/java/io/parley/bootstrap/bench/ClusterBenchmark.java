package io.parley.bootstrap.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What crossing nodes costs: one conversation with 1 000 members, on one node and spread over three nodes of a
 * cluster (PostgreSQL for the store, Redis for the fan-out), the sender on the first node; latency at fixed rates
 * and the servers' CPU per delivery. Every process shares this machine's cores, so the figures show the cost of
 * the cluster path, not scaling.
 *
 * <p>Run with {@code scripts/benchmark-cluster} ({@code PARLEY_BENCH_PG_URL}, {@code PARLEY_BENCH_REDIS_URL}
 * default to the local servers).
 */
public final class ClusterBenchmark {
    private static final int RECEIVERS = 1000;
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private ClusterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "bootstrap/target/parley.jar");
        String pg = System.getenv().getOrDefault("PARLEY_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        String redis = System.getenv().getOrDefault("PARLEY_BENCH_REDIS_URL", "redis://127.0.0.1:6379");
        report("machine", Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", every node and the clients on the same machine");
        for (int nodes : new int[] {1, 3}) {
            String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8);
            List<ServerProcess> servers = new ArrayList<>();
            try {
                for (int i = 0; i < nodes; i++) {
                    servers.add(ServerProcess.start(jar, environment(pg, redis, prefix, i, nodes > 1)));
                }
                report("topology", nodes == 1 ? "one node, PostgreSQL store, no Redis"
                        : nodes + " nodes, PostgreSQL store, Redis fan-out; members spread evenly");
                measure(servers, prefix);
            } finally {
                for (ServerProcess server : servers) {
                    server.close();
                }
            }
        }
    }

    private static Map<String, String> environment(String pg, String redis, String prefix, int index,
                                                   boolean cluster) {
        Map<String, String> env = new HashMap<>(Map.of(
                "PARLEY_MAX_CONNECTIONS", "20000",
                "PARLEY_MAX_CONNECTIONS_PER_CLIENT", "20000",
                "PARLEY_MAX_CONNECTIONS_PER_ADDRESS", "20000",
                "PARLEY_CONNECTS_PER_MINUTE", "1000000",
                "PARLEY_MESSAGES_PER_SECOND", "100000",
                "PARLEY_HEARTBEAT_INTERVAL", "5m",
                "PARLEY_OUTBOUND_QUEUE_BYTES", "16MiB",
                "PARLEY_DB_URL", pg,
                "PARLEY_DB_USER", System.getenv().getOrDefault("PARLEY_BENCH_PG_USER", "postgres"),
                "PARLEY_NODE_ID", prefix + "-n" + index));
        if (cluster) {
            env.put("PARLEY_REDIS_URL", redis);
            env.put("PARLEY_CLUSTER_PREFIX", prefix);
        }
        return env;
    }

    private static void measure(List<ServerProcess> servers, String conversation) throws Exception {
        List<Integer> ports = servers.stream().map(ServerProcess::port).toList();
        try (NioReceivers receivers = new NioReceivers(ports, RECEIVERS, conversation)) {
            if (!receivers.awaitJoined(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the receivers did not all join");
            }
            RawSender sender = new RawSender(ports.getFirst(), "sender", conversation);
            receivers.expect(200L * RECEIVERS);
            for (int i = 0; i < 200; i++) {
                sender.send(message(conversation, i));
            }
            await(receivers, Duration.ofMinutes(2));

            int burst = 1000;
            receivers.expect(burst * (long) RECEIVERS);
            long cpuAtStart = cpuTicks(servers);
            long started = System.nanoTime();
            for (int i = 0; i < burst; i++) {
                sender.send(message(conversation, i));
            }
            await(receivers, Duration.ofMinutes(5));
            double seconds = (System.nanoTime() - started) / 1e9;
            report("saturated", String.format(Locale.ROOT,
                    "%,.0f deliveries/s (%d messages as fast as the sender goes); server CPU %.1f µs per delivery",
                    burst * (double) RECEIVERS / seconds, burst,
                    (cpuTicks(servers) - cpuAtStart) * 1e6 / CLOCK_TICKS_PER_SECOND / ((double) burst * RECEIVERS)));

            for (int rate : new int[] {10, 25, 50}) {
                int count = rate * 10;
                receivers.expect(count * (long) RECEIVERS);
                long cpuBefore = cpuTicks(servers);
                long redisBefore = redisTicks();
                long interval = 1_000_000_000L / rate;
                long next = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    while (System.nanoTime() < next) {
                        Thread.onSpinWait();
                    }
                    sender.send(message(conversation, i));
                    next += interval;
                }
                await(receivers, Duration.ofMinutes(2));
                double cpuMs = (cpuTicks(servers) - cpuBefore) * 1000.0 / CLOCK_TICKS_PER_SECOND;
                double redisMs = (redisTicks() - redisBefore) * 1000.0 / CLOCK_TICKS_PER_SECOND;
                long[] latencies = receivers.latenciesMicros();
                report("at " + rate + " msg/s", String.format(Locale.ROOT,
                        "%6d deliveries/s: p50 %.1f ms, p99 %.1f ms; server CPU %.1f µs per delivery; Redis"
                                + " %.1f %% of a core",
                        rate * RECEIVERS, percentile(latencies, 50) / 1000.0, percentile(latencies, 99) / 1000.0,
                        cpuMs * 1000 / ((double) count * RECEIVERS), redisMs / (count * 10.0 / rate)));
            }
            sender.close();
        }
    }

    /** User and system time of every server process, in clock ticks ({@code /proc/<pid>/stat}). */
    private static long cpuTicks(List<ServerProcess> servers) throws IOException {
        long ticks = 0;
        for (ServerProcess server : servers) {
            ticks += ticksOf(Files.readString(Path.of("/proc", String.valueOf(server.pid()), "stat")));
        }
        return ticks;
    }

    /** User and system time of the redis-server processes on this machine, in clock ticks (0 when none). */
    private static long redisTicks() throws IOException {
        long ticks = 0;
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .toList()) {
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    if (stat.contains("(redis-server)")) {
                        ticks += ticksOf(stat);
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return ticks;
    }

    /** utime + stime of one {@code /proc/<pid>/stat} line. */
    private static long ticksOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static void await(NioReceivers receivers, Duration within) throws InterruptedException {
        if (!receivers.await(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("only " + receivers.received() + " deliveries arrived");
        }
    }

    private static String message(String conversation, int i) {
        return "{\"type\":\"send\",\"conversation\":\"" + conversation + "\",\"reply\":false,\"content\":\""
                + System.nanoTime() + " message " + i + "\"}";
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)];
    }

    private static void report(String what, String figures) {
        System.out.printf(Locale.ROOT, "%-22s %s%n", what, figures);
    }
}

package io.parley.bootstrap.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.netty.channel.Channel;

import io.parley.bootstrap.bench.LoadGenerator.Dialect;
import io.parley.bootstrap.bench.LoadGenerator.Role;

/**
 * Parley against a bare Netty WebSocket broadcast server (issue 15), in the same run: the baseline
 * ({@link NettyBaselineServer}), the gateway's jar with the memory store, and with its default store (H2 file),
 * each started as its own process, one after the other within each run so that all three see the same machine,
 * and every figure printed at the end as the median of the runs with its ratio to the baseline's
 * ({@link BaselineTable}).
 *
 * <p>Each server is started afresh for each of three sessions, so that one session's backlog or memory is not the
 * next one's: <em>connections</em> (RSS per idle connection, RSS and CPU while holding many with heartbeats on,
 * connects per second), <em>rates</em> (latency and CPU at 50 msg/s, deliveries per second at 300 msg/s
 * offered), <em>bursts</em> (one connection sending as fast as it may, to 1 000 and to 10 listeners).
 *
 * <p>When {@code taskset} exists and the machine has at least 2 CPUs, the server runs on CPU 0; the load
 * generator ({@link LoadGenerator}: Netty, one event loop) runs in this JVM, which
 * {@code scripts/benchmark-baseline} starts on CPU 1. The output says where each one ran.
 *
 * <p>Parley runs with its default settings but for the limits that would refuse the load generator: connections
 * in total, per user, per address, per minute; messages per second per connection; and the outbound queue, so
 * that one client thread reading 1 000 sockets is not cut off as a slow consumer during a burst (the same as
 * {@link GatewayBenchmark} sets). Heartbeats stay on (every 25 s) and the load generator answers pings, and only
 * pings, as a browser does.
 *
 * <p>Settings (system properties; the defaults are the full run): {@code bench.runs} 3, {@code bench.window} 10
 * (seconds at 50 and at 300 msg/s, and the longest burst), {@code bench.warmUp} 30 (seconds at 50 msg/s before
 * the 50 msg/s window, not measured), {@code bench.warmUpMessages} 20000 (Parley: a burst to a conversation of one
 * before that, see {@link #warmUpStore}), {@code bench.members} 1000, {@code bench.idle} 10000,
 * {@code bench.held} 19000, {@code bench.heldSeconds} 50 (two heartbeat intervals), {@code bench.connects} 5000,
 * {@code bench.inFlight} 200, {@code bench.burst} 5000 (the most messages of a burst to 1 000 members; 4 times
 * that to 10), {@code bench.burstWarmUps} 6 and {@code bench.quietCompiler} 5 (see {@link #warmUpBursts}),
 * {@code bench.unanswered} 256, {@code bench.servers} baseline,memory,h2, {@code bench.sessions}
 * connections,rates,bursts, {@code bench.baselineLoops} 0 (one per CPU the baseline may use), {@code bench.pin}
 * true, {@code bench.serverJvm} none (options for Parley's JVM, such as a flight recording to profile it).
 */
public final class BaselineBenchmark {
    private static final int RUNS = Integer.getInteger("bench.runs", 3);
    private static final int WINDOW_SECONDS = Integer.getInteger("bench.window", 10);
    private static final int WARM_UP_SECONDS = Integer.getInteger("bench.warmUp", 30);
    private static final int WARM_UP_MESSAGES = Integer.getInteger("bench.warmUpMessages", 20_000);
    private static final int MEMBERS = Integer.getInteger("bench.members", 1000);
    private static final int FEW_MEMBERS = 10;
    private static final int IDLE = Integer.getInteger("bench.idle", 10_000);
    private static final int HELD = Integer.getInteger("bench.held", 19_000);
    private static final int HELD_SECONDS = Integer.getInteger("bench.heldSeconds", 50);
    private static final int CONNECTS = Integer.getInteger("bench.connects", 5000);
    private static final int IN_FLIGHT = Integer.getInteger("bench.inFlight", 200);
    private static final int BURST = Integer.getInteger("bench.burst", 5000);
    private static final int UNANSWERED = Integer.getInteger("bench.unanswered", 256);
    private static final int BURST_WARM_UPS = Integer.getInteger("bench.burstWarmUps", 6);
    private static final double QUIET_COMPILER = Double.parseDouble(System.getProperty("bench.quietCompiler", "5"));
    private static final boolean PIN = Boolean.parseBoolean(System.getProperty("bench.pin", "true"));
    private static final String SESSIONS = System.getProperty("bench.sessions", "connections,rates,bursts");
    private static final Duration OPENING = Duration.ofMinutes(3);
    private static final Duration DRAINING = Duration.ofMinutes(4);
    /** USER_HZ, the unit of /proc/<pid>/stat's times: 100 on Linux whatever the kernel's own tick. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    /** The servers measured, the baseline first. */
    enum Server {
        BASELINE("Netty baseline", Dialect.BASELINE),
        MEMORY("Parley, memory store", Dialect.PARLEY),
        H2("Parley, default H2 store", Dialect.PARLEY);

        final String label;
        final Dialect dialect;

        Server(String label, Dialect dialect) {
            this.label = label;
            this.dialect = dialect;
        }
    }

    /** The figures of the table, in its order. */
    enum Figure {
        P50, P99, CPU_50, DELIVERIES_300, IDLE_RSS, CONNECTS, FAST_FEW, FAST_MANY, HELD_RSS, HELD_CPU,
        /**
         * CPU of the server and of the load generator while saturated (not compared): whichever is near 100 %
         * is what bounds the figure.
         */
        SERVER_300, LOAD_300, SERVER_FAST_MANY, LOAD_FAST_MANY, SERVER_CONNECTS, LOAD_CONNECTS,
        /**
         * The burst to {@code bench.members}: deliveries per second until the last member had the last message, per
         * core the server used meanwhile (what the fan-out costs, whichever process bounds the rate).
         */
        DELIVERIES_PER_CORE_FAST_MANY,
        /** Of {@link #CPU_50} and of {@link #SERVER_FAST_MANY}, what the JIT compiler's threads took (not compared). */
        JIT_50, JIT_FAST_MANY
    }

    private BaselineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "bootstrap/target/parley.jar");
        List<Server> servers = new ArrayList<>();
        for (String name : System.getProperty("bench.servers", "baseline,memory,h2").split(",")) {
            servers.add(Server.valueOf(name.trim().toUpperCase(Locale.ROOT)));
        }
        List<String> pinned = pinning();
        report("machine", onlineCpus() + " CPUs, Java " + System.getProperty("java.version")
                + ", server and load generator on the same machine");
        report("pinning", (pinned.isEmpty() ? "server not pinned" : "server on CPU 0 (" + String.join(" ", pinned)
                + ")") + "; load generator on CPUs " + cpusAllowed(Path.of("/proc/self/status")));
        report("settings", String.format(Locale.ROOT, "%d runs; %d s at 50 and 300 msg/s; %d members; %d idle; %d "
                        + "held for %d s; %d connects, %d in flight; bursts of %d, %d unanswered",
                RUNS, WINDOW_SECONDS, MEMBERS, IDLE, HELD, HELD_SECONDS, CONNECTS, IN_FLIGHT, BURST, UNANSWERED));

        Map<Server, Map<Figure, List<Double>>> results = new EnumMap<>(Server.class);
        for (int run = 1; run <= RUNS; run++) {
            for (Server server : servers) {
                Map<Figure, Double> figures = new EnumMap<>(Figure.class);
                String session = server.label + ", run " + run + "/" + RUNS;
                if (SESSIONS.contains("connections")) {
                    session(session + ", connections", server, jar, pinned,
                            process -> connections(process, server, figures));
                }
                if (SESSIONS.contains("rates")) {
                    session(session + ", rates", server, jar, pinned, process -> rates(process, server, figures));
                }
                if (SESSIONS.contains("bursts")) {
                    session(session + ", bursts", server, jar, pinned, process -> bursts(process, server, figures));
                }
                report(session, describe(figures));
                figures.forEach((figure, value) -> results.computeIfAbsent(server, s -> new EnumMap<>(Figure.class))
                        .computeIfAbsent(figure, f -> new ArrayList<>()).add(value));
            }
        }
        System.out.println();
        System.out.println(BaselineTable.render(servers, results, RUNS, MEMBERS, IDLE, HELD, IN_FLIGHT));
    }

    /** What a session measures on its server. */
    private interface Measure {
        void on(ServerProcess server) throws Exception;
    }

    /**
     * Runs one session on a fresh server; a failure is printed with the end of the server's log, and the figures
     * measured before it are kept (each is put once it has been checked).
     */
    private static void session(String name, Server server, Path jar, List<String> pinned, Measure measure) {
        try (ServerProcess process = start(server, jar, pinned)) {
            report(name, "server on CPUs " + process.cpusAllowed() + "; the load generator has " + openFiles()
                    + " files open");
            try {
                measure.on(process);
            } catch (Exception e) {
                report(name, "FAILED: " + e);
                List<String> log = process.logTail();
                log.subList(Math.max(0, log.size() - 5), log.size()).forEach(line -> report("  server", line));
            }
        } catch (Exception e) {
            report(name, "FAILED: " + e);
        }
    }

    private static ServerProcess start(Server server, Path jar, List<String> pinned)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(pinned);
        Map<String, String> env = new HashMap<>();
        if (server == Server.BASELINE) {
            command.addAll(List.of(ServerProcess.java(), "-cp", absoluteClassPath(),
                    NettyBaselineServer.class.getName(), "0", System.getProperty("bench.baselineLoops", "0")));
        } else {
            command.add(ServerProcess.java());
            String jvm = System.getProperty("bench.serverJvm", "").strip(); // e.g. a flight recording, to profile
            if (!jvm.isEmpty()) {
                command.addAll(Arrays.asList(jvm.split("\\s+")));
            }
            command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
            env.putAll(Map.of(
                    "PARLEY_MAX_CONNECTIONS", "20000",
                    "PARLEY_MAX_CONNECTIONS_PER_CLIENT", "20000",
                    "PARLEY_MAX_CONNECTIONS_PER_ADDRESS", "20000",
                    "PARLEY_CONNECTS_PER_MINUTE", "1000000",
                    "PARLEY_MESSAGES_PER_SECOND", "100000",
                    "PARLEY_OUTBOUND_QUEUE_BYTES", "16MiB"));
            if (server == Server.MEMORY) {
                env.put("PARLEY_STORE", "memory");
            }
        }
        return ServerProcess.start(command, env);
    }

    /**
     * On a fresh server: RSS per connection at {@code bench.idle} idle connections; RSS and CPU while holding
     * {@code bench.held} (Parley pings each every heartbeat interval, the load generator answers); then the rate
     * of opening {@code bench.connects} connections with {@code bench.inFlight} handshakes in flight.
     */
    private static void connections(ServerProcess server, Server kind, Map<Figure, Double> figures)
            throws Exception {
        try (LoadGenerator load = new LoadGenerator(server.port(), kind.dialect)) {
            Thread.sleep(1000);
            long rssBefore = server.rssKib();
            LoadGenerator.Opened idle = load.open(IDLE, IN_FLIGHT, "idle", Role.IDLE, OPENING);
            Thread.sleep(2000);
            long rssIdle = server.rssKib();
            figures.put(Figure.IDLE_RSS, (rssIdle - rssBefore) / (double) IDLE);

            LoadGenerator.Opened more = load.open(HELD - IDLE, IN_FLIGHT, "held", Role.IDLE, OPENING);
            long ticks = server.cpuTicks();
            long started = System.nanoTime();
            Thread.sleep(HELD_SECONDS * 1000L);
            double cpu = cpuPercent(server, ticks, started);
            String drops = load.drops();
            if (!drops.isEmpty()) {
                throw new IllegalStateException("held connections were closed: " + drops);
            }
            figures.put(Figure.HELD_CPU, cpu);
            figures.put(Figure.HELD_RSS, server.rssKib() / 1024.0);
            load.closeAll(idle.channels());
            load.closeAll(more.channels());
            Thread.sleep(3000);

            CpuWindow connecting = CpuWindow.from(server);
            LoadGenerator.Opened connects = load.open(CONNECTS, IN_FLIGHT, "c", Role.IDLE, OPENING);
            figures.put(Figure.SERVER_CONNECTS, connecting.serverPercent());
            figures.put(Figure.LOAD_CONNECTS, connecting.ownPercent());
            figures.put(Figure.CONNECTS, connects.perSecond());
            load.closeAll(connects.channels());
        }
    }

    /** The members of a conversation: receivers and one sender. */
    private record Conversation(String name, List<Channel> receivers, Channel sender) {
    }

    /**
     * Opens {@code members} receivers and a sender, in one conversation (Parley: all join it; the baseline has one
     * group, of every connection), keeps them alive, and warms the server up with a burst of 500 messages.
     */
    private static Conversation conversation(LoadGenerator load, Server kind, String name, int members, String prefix)
            throws Exception {
        List<Channel> receivers = load.open(members, IN_FLIGHT, prefix, Role.RECEIVER, OPENING).channels();
        Channel sender = load.open(1, 1, prefix + "-sender", Role.SENDER, OPENING).channels().getFirst();
        if (kind.dialect == Dialect.PARLEY) {
            load.join(receivers, name, OPENING);
            load.join(List.of(sender), name, OPENING);
        }
        load.expect(Long.MAX_VALUE, false);
        load.expectInAll(load.burst(sender, name, 500, UNANSWERED, DRAINING).messages() * (long) members);
        delivered(load, "warm-up");
        return new Conversation(name, receivers, sender);
    }

    /**
     * On a fresh server, one conversation of {@code bench.members} receivers and a sender: latency and server CPU
     * at 50 msg/s for {@code bench.window} seconds; then deliveries per second while 300 msg/s are offered. What
     * the server could not deliver by then is not waited for: the session ends there.
     */
    private static void rates(ServerProcess server, Server kind, Map<Figure, Double> figures) throws Exception {
        try (LoadGenerator load = new LoadGenerator(server.port(), kind.dialect)) {
            if (kind.dialect == Dialect.PARLEY) {
                warmUpStore(load);
            }
            Conversation bench = conversation(load, kind, "bench", MEMBERS, "r");
            // the steady state: the same rate, unmeasured, before the window, past the JIT's first minute and past
            // the first heartbeat round, 25 s after the members connected (its pings take branches that the hot
            // paths were compiled without: the JIT throws that code away and compiles it again, once per process)
            load.expect(50L * WARM_UP_SECONDS * MEMBERS, false);
            load.offer(bench.sender(), bench.name(), 50, 50 * WARM_UP_SECONDS);
            delivered(load, "50 msg/s warm-up");

            int count = 50 * WINDOW_SECONDS;
            load.expect(count * (long) MEMBERS, true);
            CpuWindow window = CpuWindow.from(server);
            load.offer(bench.sender(), bench.name(), 50, count);
            delivered(load, "50 msg/s");
            figures.put(Figure.JIT_50, window.compilerPercent());
            figures.put(Figure.CPU_50, window.serverPercent());
            long[] latencies = load.latenciesMicros();
            figures.put(Figure.P50, percentile(latencies, 50) / 1000.0);
            figures.put(Figure.P99, percentile(latencies, 99) / 1000.0);

            count = 300 * WINDOW_SECONDS;
            load.expect(count * (long) MEMBERS, false);
            CpuWindow offering = CpuWindow.from(server);
            double deliveries = load.offer(bench.sender(), bench.name(), 300, count).deliveriesPerSecond();
            double serverCpu = offering.serverPercent();
            double loadCpu = offering.ownPercent();
            String drops = load.drops();
            if (!drops.isEmpty()) {
                throw new IllegalStateException("members were closed at 300 msg/s: " + drops);
            }
            figures.put(Figure.DELIVERIES_300, deliveries);
            figures.put(Figure.SERVER_300, serverCpu);
            figures.put(Figure.LOAD_300, loadCpu);
        }
    }

    /**
     * Warms the JIT up on the way of a stored message, as a server that has run for a while has it: a burst of
     * {@code bench.warmUpMessages} to a conversation of its sender alone (the store's code is compiled in seconds
     * rather than in the minutes 50 msg/s would take). The baseline stores nothing and has no such way.
     */
    private static void warmUpStore(LoadGenerator load) throws Exception {
        Channel sender = load.open(1, 1, "w-sender", Role.SENDER, OPENING).channels().getFirst();
        load.join(List.of(sender), "warm-up", OPENING);
        load.expect(Long.MAX_VALUE, false);
        load.burst(sender, "warm-up", WARM_UP_MESSAGES, UNANSWERED, DRAINING);
        load.closeAll(List.of(sender));
    }

    /**
     * On a fresh server: one connection sending as fast as may be to {@code bench.members} receivers; then, on
     * the same server, to 10 receivers of another conversation.
     */
    private static void bursts(ServerProcess server, Server kind, Map<Figure, Double> figures) throws Exception {
        try (LoadGenerator load = new LoadGenerator(server.port(), kind.dialect)) {
            if (kind.dialect == Dialect.PARLEY) {
                warmUpStore(load);
            }
            Conversation many = conversation(load, kind, "bench", MEMBERS, "r");
            warmUpBursts(server, load, many, kind);
            CpuWindow sending = CpuWindow.from(server);
            Fast burst = fast(load, many, MEMBERS, BURST, kind);
            double serverPercent = sending.serverPercent();
            figures.put(Figure.SERVER_FAST_MANY, serverPercent);
            figures.put(Figure.LOAD_FAST_MANY, sending.ownPercent());
            figures.put(Figure.JIT_FAST_MANY, sending.compilerPercent());
            figures.put(Figure.FAST_MANY, burst.perSecond());
            figures.put(Figure.DELIVERIES_PER_CORE_FAST_MANY, burst.deliveredPerSecond() * MEMBERS
                    / (serverPercent / 100));
            load.closeAll(many.receivers());
            load.closeAll(List.of(many.sender()));
            Thread.sleep(1000);

            Conversation few = conversation(load, kind, "bench-few", FEW_MEMBERS, "f");
            fast(load, few, FEW_MEMBERS, 4 * BURST, kind);
            figures.put(Figure.FAST_FEW, fast(load, few, FEW_MEMBERS, 4 * BURST, kind).perSecond());
            String drops = load.drops();
            if (!drops.isEmpty()) {
                throw new IllegalStateException("members were closed: " + drops);
            }
        }
    }

    /**
     * The steady state, not the JIT's first minute: the measured burst, unmeasured, until the server's compiler
     * threads took less than {@code bench.quietCompiler} % of a core during one, or {@code bench.burstWarmUps} times
     * (a cold H2 server had its compiler take 40-50 % of its core all through a first burst, and 20-30 % through a
     * second: C2 was still compiling MVStore's and Parley's methods).
     */
    private static void warmUpBursts(ServerProcess server, LoadGenerator load, Conversation to, Server kind)
            throws Exception {
        for (int i = 1; i <= BURST_WARM_UPS; i++) {
            CpuWindow window = CpuWindow.from(server);
            fast(load, to, MEMBERS, BURST, kind);
            double compiler = window.compilerPercent();
            if (compiler < QUIET_COMPILER || i == BURST_WARM_UPS) {
                report(kind.label + ", warm-up", String.format(Locale.ROOT,
                        "%d unmeasured bursts to %d (at most %d); the compiler took %.1f %% of a core in the last", i,
                        MEMBERS, BURST_WARM_UPS, compiler));
                return;
            }
        }
    }

    /**
     * One connection sending as fast as may be, for {@code bench.window} seconds or up to {@code messages} (which
     * bounds how far the fan-out may lag behind the acks). Parley: messages acked per second, every ack in order
     * and none an error. The baseline, which has no acks: messages broadcast per second, until the last receiver
     * got the last one.
     */
    private static Fast fast(LoadGenerator load, Conversation to, int members, int messages, Server kind)
            throws Exception {
        load.expect(Long.MAX_VALUE, false);
        LoadGenerator.Burst burst = load.burst(to.sender(), to.name(), messages, UNANSWERED,
                Duration.ofSeconds(WINDOW_SECONDS));
        if (burst.outOfOrder() > 0 || burst.errors() > 0) {
            throw new IllegalStateException(burst.outOfOrder() + " answers out of order, " + burst.errors()
                    + " errors");
        }
        load.expectInAll(burst.messages() * (long) members);
        delivered(load, "burst to " + members);
        double delivered = burst.messages() / ((load.doneAt() - burst.startedAt()) / 1e9);
        return new Fast(kind.dialect == Dialect.PARLEY ? burst.perSecond() : delivered, delivered);
    }

    /**
     * A burst's messages per second (Parley: acked; the baseline: broadcast, until the last receiver had the last
     * one), and, for both, until the last receiver had the last one.
     */
    private record Fast(double perSecond, double deliveredPerSecond) {
    }

    private static void delivered(LoadGenerator load, String what) throws Exception {
        if (!load.awaitDelivered(DRAINING)) {
            throw new IllegalStateException(what + ": only " + load.received() + " deliveries arrived; drops: "
                    + load.drops());
        }
    }

    /** This JVM's class path with absolute entries: the server runs in a directory of its own. */
    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            entries.add(entry.endsWith("*") ? Path.of(entry.substring(0, entry.length() - 1)).toAbsolutePath() + "/*"
                    : Path.of(entry).toAbsolutePath().toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** The server's and this JVM's (the load generator's) CPU from {@link #from} on, as % of one core. */
    private record CpuWindow(ServerProcess server, long serverTicks, long compilerTicks, long ownTicks,
                             long started) {
        static CpuWindow from(ServerProcess server) throws IOException {
            return new CpuWindow(server, server.cpuTicks(), server.compilerTicks(), selfTicks(), System.nanoTime());
        }

        double compilerPercent() throws IOException {
            return percent(server.compilerTicks() - compilerTicks, started);
        }

        double serverPercent() throws IOException {
            return cpuPercent(server, serverTicks, started);
        }

        double ownPercent() throws IOException {
            return percent(selfTicks() - ownTicks, started);
        }
    }

    /** The server's CPU since {@code ticks} were read at {@code started}, as % of one core. */
    private static double cpuPercent(ServerProcess server, long ticks, long started) throws IOException {
        return percent(server.cpuTicks() - ticks, started);
    }

    private static double percent(long ticks, long since) {
        return 100 * (ticks / (double) CLOCK_TICKS_PER_SECOND) / ((System.nanoTime() - since) / 1e9);
    }

    /** User and system time of this JVM, the load generator, in clock ticks. */
    private static long selfTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)];
    }

    /** {@code taskset -c 0} when it exists, the machine has 2 CPUs or more, and pinning was not turned off. */
    private static List<String> pinning() {
        if (!PIN || onlineCpus() < 2) {
            return List.of();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "taskset"))) {
                return List.of(Path.of(dir, "taskset").toString(), "-c", "0");
            }
        }
        return List.of();
    }

    /** CPUs online on the machine (not those this JVM may use, which the script may have narrowed to one). */
    private static int onlineCpus() {
        try {
            int cpus = 0;
            for (String range : Files.readString(Path.of("/sys/devices/system/cpu/online")).trim().split(",")) {
                String[] ends = range.split("-");
                cpus += ends.length == 1 ? 1 : Integer.parseInt(ends[1]) - Integer.parseInt(ends[0]) + 1;
            }
            return cpus;
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /** Files this JVM has open: the sockets of one session must all be closed before the next one opens 19 000. */
    private static long openFiles() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static String cpusAllowed(Path status) throws IOException {
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "?";
    }

    private static String describe(Map<Figure, Double> figures) {
        StringBuilder out = new StringBuilder();
        figures.forEach((figure, value) -> out.append(out.isEmpty() ? "" : ", ")
                .append(figure.name().toLowerCase(Locale.ROOT)).append(' ')
                .append(String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.2f", value)));
        return out.isEmpty() ? "no figures" : out.toString();
    }

    static void report(String what, String figures) {
        System.out.printf(Locale.ROOT, "%-34s %s%n", what, figures);
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}

package io.parley.adapter.out.persistence.jdbc;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import io.parley.adapter.out.persistence.resilience.ResilienceSettings;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;

/**
 * Sustained appends per second with many concurrent senders, on H2 (a file in a temporary directory) and on
 * PostgreSQL ({@code PARLEY_TEST_PG_URL}, when set), through the store exactly as bootstrap wires it, with the
 * process's CPU per append. Not a test: run it with
 * {@code ./mvnw -B -pl adapters-persistence -am -Pbenchmark -DskipTests verify [-Dexec.args="senders seconds pool"]}.
 * {@code -Dbench.prefill=N} first stores about N messages (a store with history), {@code -Dbench.ids=random}
 * makes the message ids random UUIDs (version 4) rather than time-ordered ones (version 7, what the server makes).
 */
public final class AppendBenchmark {
    private static final System.Logger LOG = System.getLogger(AppendBenchmark.class.getName());
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final String CONTENT = "a chat message of ordinary length, about eighty characters long, in UTF-8.";
    private static final boolean RANDOM_IDS = "random".equals(System.getProperty("bench.ids"));
    private static final long PREFILL = Long.getLong("bench.prefill", 0);
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private AppendBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int senders = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Duration measured = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        int pool = args.length > 2 ? Integer.parseInt(args[2]) : JdbcStoreSettings.DEFAULT_POOL_SIZE;
        Path h2 = Files.createTempDirectory("parley-bench");
        try {
            run("h2", TestDatabases.withPool(TestDatabases.h2File(h2), pool), senders, measured);
        } finally {
            try (Stream<Path> files = Files.walk(h2)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Optional<JdbcStoreSettings> postgres = TestDatabases.postgresIfConfigured();
        if (postgres.isPresent()) {
            run("postgresql", TestDatabases.withPool(postgres.get(), pool), senders, measured);
            removeBenchmarkRows(postgres.get());
        } else {
            LOG.log(Level.INFO, "event=bench_skipped db=postgresql reason=\"PARLEY_TEST_PG_URL not set\"");
        }
    }

    private static void run(String db, JdbcStoreSettings base, int senders, Duration measured) throws Exception {
        try (JdbcStorage storage = JdbcStores.open(withBatch(base, JdbcStoreSettings.DEFAULT_MAX_BATCH))) {
            scenario(storage.conversations(), senders, 1, WARM_UP); // JIT and caches warm; not reported
            scenario(storage.conversations(), senders, senders, WARM_UP);
        }
        if (PREFILL > 0) {
            try (JdbcStorage storage = JdbcStores.open(withBatch(base, JdbcStoreSettings.DEFAULT_MAX_BATCH))) {
                long started = System.nanoTime();
                long stored = 0;
                while (stored < PREFILL) {
                    stored += scenario(storage.conversations(), senders, senders, Duration.ofSeconds(5)).appends();
                }
                long count = stored;
                LOG.log(Level.INFO, () -> "event=bench_prefilled db=" + db + " messages=" + count + " seconds="
                        + (System.nanoTime() - started) / 1_000_000_000);
            }
        }
        for (int maxBatch : new int[] {JdbcStoreSettings.DEFAULT_MAX_BATCH, 1}) {
            JdbcStoreSettings settings = withBatch(base, maxBatch);
            try (JdbcStorage storage = JdbcStores.open(settings)) {
                for (int conversations : new int[] {1, senders}) {
                    long cpu = processCpuNanos();
                    Result result = scenario(storage.conversations(), senders, conversations, measured);
                    long cpuPerAppend = (processCpuNanos() - cpu) / 1000 / Math.max(1, result.appends());
                    LOG.log(Level.INFO, "event=bench db=" + db + " senders=" + senders + " conversations="
                            + conversations + " max_batch=" + maxBatch + " pool=" + settings.poolSize()
                            + " seconds=" + measured.toSeconds() + " appends=" + result.appends()
                            + " per_second=" + Math.round(result.appends() / (double) measured.toSeconds())
                            + " p50_ms=" + result.percentile(0.50) + " p99_ms=" + result.percentile(0.99)
                            + " max_ms=" + result.percentile(1.0) + " cpu_us_per_append=" + cpuPerAppend);
                }
            }
        }
    }

    private static JdbcStoreSettings withBatch(JdbcStoreSettings base, int maxBatch) {
        return new JdbcStoreSettings(base.url(), base.user(), base.password(), base.poolSize(),
                Duration.ofSeconds(10), maxBatch, ResilienceSettings.defaults());
    }

    private static Result scenario(ConversationStorePort store, int senders, int conversations, Duration length)
            throws Exception {
        List<ConversationId> ids = new ArrayList<>();
        for (int c = 0; c < conversations; c++) {
            ConversationId id = new ConversationId("bench-" + UUID.randomUUID());
            store.enroll(id, new UserId("bench"), Optional.empty(), Instant.now());
            ids.add(id);
        }
        long deadline = System.nanoTime() + length.toNanos();
        List<Future<List<Long>>> runs = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int s = 0; s < senders; s++) {
                ConversationId conversation = ids.get(s % conversations);
                UserId sender = new UserId("sender-" + s);
                runs.add(pool.submit(() -> send(store, conversation, sender, deadline)));
            }
            List<Long> latencies = new ArrayList<>();
            for (Future<List<Long>> run : runs) {
                latencies.addAll(run.get());
            }
            latencies.sort(Comparator.naturalOrder());
            return new Result(latencies);
        }
    }

    /** Appends one message after the other (each waits for its commit) until the deadline; the latencies in µs. */
    private static List<Long> send(ConversationStorePort store, ConversationId conversation, UserId sender,
                                   long deadline) {
        List<Long> latencies = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            NewMessage draft = new NewMessage(conversation, nextId(),
                    MessageRole.USER, sender, CONTENT, Instant.now().truncatedTo(ChronoUnit.MILLIS), null);
            long started = System.nanoTime();
            if (!(store.append(draft) instanceof Appended.Stored)) {
                throw new IllegalStateException("not stored: " + draft.id());
            }
            latencies.add((System.nanoTime() - started) / 1000);
        }
        return latencies;
    }

    /** A message id of the kind the server makes up (time-ordered, version 7), or a random one (version 4). */
    private static MessageId nextId() {
        if (RANDOM_IDS) {
            return new MessageId(UUID.randomUUID().toString());
        }
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        return MessageId.timeOrdered(System.currentTimeMillis(), random);
    }

    /** The CPU time this process used so far, all its threads (the database's included). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void removeBenchmarkRows(JdbcStoreSettings settings) throws SQLException {
        try (Connection connection = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM conversations WHERE id LIKE 'bench-%'");
        }
    }

    /** The latencies of every append of a run, sorted, in µs. */
    private record Result(List<Long> latencies) {
        long appends() {
            return latencies.size();
        }

        String percentile(double p) {
            if (latencies.isEmpty()) {
                return "-";
            }
            int index = (int) Math.min(latencies.size() - 1, Math.ceil(p * latencies.size()) - 1);
            return String.format(Locale.ROOT, "%.1f", latencies.get(Math.max(0, index)) / 1000.0);
        }
    }
}

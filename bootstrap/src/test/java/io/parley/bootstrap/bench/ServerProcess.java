package io.parley.bootstrap.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server as a separate process, so that its memory and CPU are measured on its own: the gateway (the packaged
 * jar), or any command that prints {@code event=started … port=N} (the benchmark's Netty baseline).
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern STARTED = Pattern.compile("event=started .*port=(\\d+)");
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    /** Servers still running, ended if this JVM is (a benchmark cut by its time bound leaves none behind). */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    private final Process process;
    /** The last lines of its output: the gateway logs a line or two per connection, and 19 000 come and go. */
    private final Deque<String> log = new ArrayDeque<>();
    private final int port;
    private final Path workDir;
    private volatile int startedOn = -1;

    private ServerProcess(List<String> command, Map<String, String> env, Path workDir)
            throws IOException, InterruptedException {
        this.workDir = workDir;
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("PARLEY_PORT", "0");
        builder.environment().put("PARLEY_HOST", "127.0.0.1");
        process = builder.start();
        RUNNING.add(process);
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                reader.lines().forEach(this::logged);
            } catch (IOException | java.io.UncheckedIOException ignored) {
                // the process ended
            }
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (startedOn < 0 && System.nanoTime() < deadline && process.isAlive()) {
            Thread.sleep(20);
        }
        if (startedOn < 0) {
            process.destroyForcibly();
            throw new IOException("the server did not start: " + String.join("\n", logTail()));
        }
        port = startedOn;
    }

    static ServerProcess start(Path jar, Map<String, String> env) throws IOException, InterruptedException {
        return start(List.of(java(), "-jar", jar.toAbsolutePath().toString()), env);
    }

    /** Runs {@code command} (which may start with {@code taskset -c N}) in a fresh temporary directory. */
    static ServerProcess start(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        return new ServerProcess(command, env, Files.createTempDirectory("parley-bench"));
    }

    /** This JVM's java launcher, for the servers: the same JDK for every one of them. */
    static String java() {
        return javaHome().resolve("bin/java").toString();
    }

    private void logged(String line) {
        if (startedOn < 0) {
            Matcher m = STARTED.matcher(line);
            if (m.find()) {
                startedOn = Integer.parseInt(m.group(1));
            }
        }
        synchronized (log) {
            log.addLast(line);
            if (log.size() > 500) {
                log.removeFirst();
            }
        }
    }

    /** The last lines the server printed (at most 500). */
    List<String> logTail() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Resident set size of the server process, in KiB. */
    long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for " + pid());
    }

    /** User and system time of the server process so far (all its threads), in clock ticks. */
    long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /**
     * User and system time so far of the server's JIT compiler threads (HotSpot's "C1/C2 CompilerThread"), in
     * clock ticks: the part of {@link #cpuTicks()} that a server which ran long enough no longer spends. A compiler
     * thread that has ended is not counted: a lower bound.
     */
    long compilerTicks() throws IOException {
        long ticks = 0;
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid()), "task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.contains("CompilerThre")) {
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            }
        }
        return ticks;
    }

    /** The CPUs the server may run on ({@code Cpus_allowed_list}), to show whether it is pinned. */
    String cpusAllowed() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "?";
    }

    /** Heap in use right after a full collection, in KiB (asks the JVM with jcmd). */
    long heapAfterGcKib() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher m = USED.matcher(info);
        if (!m.find()) {
            throw new IOException("cannot read the heap: " + info);
        }
        return Long.parseLong(m.group(1));
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(javaHome().resolve("bin/jcmd").toString(), String.valueOf(pid()), command)
                .redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    private static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    @Override
    public void close() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        RUNNING.remove(process);
        // the H2 file of a run is large and of no use after it
        try (var paths = Files.walk(workDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // left in the temporary directory
        }
    }
}

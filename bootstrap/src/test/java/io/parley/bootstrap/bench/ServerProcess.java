package io.parley.bootstrap.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The gateway as a separate process (the packaged jar), so that its memory is measured on its own. */
final class ServerProcess implements AutoCloseable {
    private static final Pattern STARTED = Pattern.compile("event=started .*port=(\\d+)");
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final Process process;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final int port;

    private ServerProcess(Path jar, Map<String, String> env, Path workDir) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(javaHome().resolve("bin/java").toString(), "-jar",
                jar.toAbsolutePath().toString()).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("PARLEY_PORT", "0");
        builder.environment().put("PARLEY_HOST", "127.0.0.1");
        process = builder.start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                reader.lines().forEach(log::add);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Integer found = null;
        while (found == null && System.nanoTime() < deadline) {
            for (String line : log) {
                Matcher m = STARTED.matcher(line);
                if (m.find()) {
                    found = Integer.parseInt(m.group(1));
                }
            }
            Thread.sleep(20);
        }
        if (found == null) {
            process.destroyForcibly();
            throw new IOException("the server did not start: " + String.join("\n", log));
        }
        port = found;
    }

    static ServerProcess start(Path jar, Map<String, String> env) throws IOException, InterruptedException {
        return new ServerProcess(jar, env, Files.createTempDirectory("parley-bench"));
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
        }
    }
}

package io.parley.bootstrap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.parley.application.testing.Eventually;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged jar as a process of its own, on a free port, with the environment a test gives it. */
final class JarProcess implements AutoCloseable {
    private static final Pattern STARTED = Pattern.compile("event=started .*port=(\\d+)");

    private final Process process;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final int port;

    private JarProcess(Process process) {
        this.process = process;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                reader.lines().forEach(log::add);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        try {
            Eventually.until("the service starts", () -> log.stream().anyMatch(l -> STARTED.matcher(l).find()));
        } catch (AssertionError e) {
            process.destroyForcibly();
            throw new AssertionError(e.getMessage() + "; its output:\n" + String.join("\n", log), e);
        }
        Matcher started = log.stream().map(STARTED::matcher).filter(Matcher::find).findFirst().orElseThrow();
        this.port = Integer.parseInt(started.group(1));
    }

    /** Starts {@code java -jar} on the jar the build packaged ({@code parley.jar} system property). */
    static JarProcess start(Path workDir, Map<String, String> environment) throws IOException {
        Path jar = Path.of(System.getProperty("parley.jar"));
        assertTrue(Files.isRegularFile(jar), "package the jar first: " + jar);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-jar", jar.toAbsolutePath().toString())
                .directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().put("PARLEY_PORT", "0");
        builder.environment().put("PARLEY_HOST", "127.0.0.1");
        builder.environment().putAll(environment);
        return new JarProcess(builder.start());
    }

    int port() {
        return port;
    }

    List<String> log() {
        return log;
    }

    /** Kills the process as SIGKILL does: no drain, no goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}

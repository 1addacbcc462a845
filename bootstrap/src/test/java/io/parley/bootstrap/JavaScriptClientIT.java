package io.parley.bootstrap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JavaScript client ({@code clients/js}) and the web console ({@code clients/console}) tested with their own
 * runners against the packaged jar: {@code npm ci}, then the hand-written TypeScript types compiled, the client's
 * tests ({@code node --test}, each starting the jar as a process) and the console's tests in Chromium
 * ({@code playwright-core} driving the system's {@code /usr/bin/chromium}; {@code .ci/run} installs it). Needs
 * Node.js and npm. Any failing npm script fails this test, with its output.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JavaScriptClientIT {
    private static final Path CLIENT = Path.of("..", "clients", "js").toAbsolutePath().normalize();

    @BeforeAll
    static void install() throws Exception {
        run("npm-ci", 300, "npm", "ci", "--no-audit", "--no-fund");
    }

    @Test
    @Order(1)
    void theHandWrittenTypesCompile() throws Exception {
        run("types", 180, "npm", "run", "test:types");
    }

    @Test
    @Order(2)
    void theClientRecoversAgainstTheRealJar() throws Exception {
        run("client", 600, "npm", "test");
    }

    @Test
    @Order(3)
    void theConsoleWorksInChromium() throws Exception {
        run("browser", 600, "npm", "run", "test:browser");
    }

    /** Runs {@code command} in clients/js with the packaged jar's path, its output to a file and to this log. */
    private static void run(String name, int seconds, String... command) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("parley.jar", "target/parley.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "package the jar first: " + jar);
        Path log = Files.createDirectories(Path.of("target", "js-client")).resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(CLIENT.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("PARLEY_JAR", jar.toString());
        env.put("PARLEY_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        env.put("CI", env.getOrDefault("CI", "true"));
        Process process = builder.start();
        boolean ended = process.waitFor(seconds, TimeUnit.SECONDS);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println("---- clients/js: " + String.join(" ", command) + " ----\n" + output);
        assertTrue(ended, () -> String.join(" ", command) + " took longer than " + seconds + " s:\n" + output);
        assertEquals(0, process.exitValue(), () -> String.join(" ", command) + " failed (the servers' logs are in "
                + CLIENT.resolve("test-artifacts/server-logs") + "):\n" + output);
    }
}

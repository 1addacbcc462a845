package io.parley.adapter.out.cluster.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import io.parley.application.testing.Eventually;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A Redis server of the test's own, for the tests that stop and restart Redis (never the machine's shared one):
 * {@code redis-server} ({@code PARLEY_TEST_REDIS_SERVER}, default {@code /usr/bin/redis-server}) on a free port
 * of the loopback, without persistence, so that a restart comes back empty. Like every Redis test, it runs when
 * {@code PARLEY_TEST_REDIS_URL} is set. The cluster adapter's tests and the whole service's use it (test jar).
 */
public final class OwnRedis implements AutoCloseable {
    private static final String SERVER = System.getenv().getOrDefault("PARLEY_TEST_REDIS_SERVER",
            "/usr/bin/redis-server");

    private final int port;
    private Process process;

    private OwnRedis(int port) {
        this.port = port;
    }

    /** A server on a free port, answering; skips the calling test when {@code PARLEY_TEST_REDIS_URL} is unset. */
    public static OwnRedis start() {
        String shared = System.getenv("PARLEY_TEST_REDIS_URL");
        Assumptions.assumeTrue(shared != null && !shared.isBlank(),
                "PARLEY_TEST_REDIS_URL is not set: Redis tests skipped");
        OwnRedis redis = new OwnRedis(freePort());
        redis.startServer();
        return redis;
    }

    public URI url() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    /** Stops the server (its data goes with it). */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts the server again on the same port, empty. */
    public void restart() {
        stop();
        startServer();
    }

    @Override
    public void close() {
        stop();
    }

    private void startServer() {
        try {
            process = new ProcessBuilder(SERVER, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + SERVER, e);
        }
        Process started = process;
        try {
            Eventually.until("redis-server answers on port " + port, () -> {
                if (!started.isAlive()) {
                    fail("redis-server on port " + port + " exited with " + started.exitValue());
                }
                return answers();
            });
        } catch (AssertionError e) {
            stop();
            throw e;
        }
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(5);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG");
        } catch (IOException e) {
            return false;
        }
    }
}

package io.parley.adapter.out.assistant;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real OpenAI-compatible HTTP server on loopback for tests: each request gets the next scripted {@link Answer}
 * (the last one repeats), and the server records what it received and notices clients that hang up.
 */
public final class FakeProvider implements AutoCloseable {
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer server;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Semaphore requests = new Semaphore(0);
    private final Semaphore hangUps = new Semaphore(0);

    /** One scripted answer to one request. */
    @FunctionalInterface
    public interface Answer {
        void answer(HttpExchange exchange, FakeProvider provider) throws IOException, InterruptedException;
    }

    /** What the server received. */
    public record Received(String path, Headers headers, String body, long atNanos) {
        private static final ObjectMapper JSON = new ObjectMapper();

        /** The body read as JSON, such as the Chat Completions request. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the request body is not JSON: " + body, e);
            }
        }
    }

    private FakeProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeProvider start(Answer... answers) throws IOException {
        FakeProvider provider = new FakeProvider();
        provider.script(answers);
        return provider;
    }

    /** Replaces the script: these answers in order, the last one for every request after. */
    public synchronized void script(Answer... answers) {
        script.clear();
        script.addAll(List.of(answers));
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    public int requestCount() {
        return received.size();
    }

    public Received request(int index) {
        return received.get(index);
    }

    /** Waits until {@code count} more requests than already awaited have arrived. */
    boolean awaitRequests(int count) throws InterruptedException {
        return requests.tryAcquire(count, 5, TimeUnit.SECONDS);
    }

    /** Waits until a held stream noticed that its client closed the connection. */
    boolean awaitHangUp() throws InterruptedException {
        return hangUps.tryAcquire(5, TimeUnit.SECONDS);
    }

    public void hungUp() {
        hangUps.release();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders(), body,
                    System.nanoTime()));
        }
        requests.release();
        boolean cut = false;
        try {
            next().answer(exchange, this);
        } catch (CutConnection e) {
            cut = true;
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!cut) {
                exchange.close();
            }
        }
    }

    /** Thrown by an answer to drop the connection as it is, without ending the response properly. */
    public static final class CutConnection extends IOException {
        CutConnection() {
            super("connection cut on purpose");
        }
    }

    private synchronized Answer next() {
        return script.size() > 1 ? script.poll() : script.peek();
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    public static Duration elapsedBetween(Received first, Received second) {
        return Duration.ofNanos(second.atNanos() - first.atNanos());
    }
}

package io.parley.bootstrap;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Starts the whole service for a test, on 127.0.0.1 and a free port, with settings given as environment. The
 * server key is {@link #SERVER_KEY} unless the test sets {@code PARLEY_API_KEY} itself (empty: none).
 */
final class TestParley implements AutoCloseable {
    static final String SERVER_KEY = "test-server-key";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Parley parley;
    private final String serverKey;

    private TestParley(Parley parley, String serverKey) {
        this.parley = parley;
        this.serverKey = serverKey;
    }

    static TestParley start(Map<String, String> environment) {
        return start(environment, Clock.systemUTC());
    }

    static TestParley start(Map<String, String> environment, Clock clock) {
        Map<String, String> env = new HashMap<>(Map.of("PARLEY_HOST", "127.0.0.1", "PARLEY_PORT", "0",
                "PARLEY_NODE_ID", "test-node", "PARLEY_DB_URL", "jdbc:h2:mem:parley-" + java.util.UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "PARLEY_API_KEY", SERVER_KEY));
        env.putAll(environment);
        return new TestParley(Parley.start(SettingsLoader.load(env), clock), env.get("PARLEY_API_KEY"));
    }

    int port() {
        return parley.port();
    }

    Parley parley() {
        return parley;
    }

    WsTestClient connect(String user) {
        return WsTestClient.connect(port(), "user=" + user);
    }

    /** {@code GET path} on this server. */
    HttpResponse<String> get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    /** {@code method path} with {@code body} (none when null), as a backend with the server key. */
    HttpResponse<String> asServer(String method, String path, String body) {
        return send(method, path, body, "Authorization", "Bearer " + serverKey);
    }

    /** {@code POST path} with a JSON {@code body} on this server. */
    HttpResponse<String> post(String path, String body, String... headers) {
        return send("POST", path, body, headers);
    }

    /** {@code method path} with {@code body} (none when null) and header name/value pairs on this server. */
    HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        boolean typed = false;
        for (int i = 0; i + 1 < headers.length; i += 2) {
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null && !typed) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode stats() {
        HttpResponse<String> response = serverKey.isBlank() ? get("/api/stats")
                : get("/api/stats", "Authorization", "Bearer " + serverKey);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /api/stats answered " + response.statusCode() + ": "
                    + response.body());
        }
        try {
            return WsTestClient.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        parley.stop();
    }
}

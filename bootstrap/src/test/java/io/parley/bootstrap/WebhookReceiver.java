package io.parley.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver for tests, on a loopback port: it checks each delivery's signature, answers what the test
 * says ({@link #refuse}: 500 for the events it names), and keeps the events it took (answered 200), in order.
 */
final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final String secret;
    private final List<JsonNode> taken = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private volatile Predicate<JsonNode> refuse = event -> false;
    private volatile boolean badSignatureSeen;

    private WebhookReceiver(HttpServer server, String secret) {
        this.server = server;
        this.secret = secret;
    }

    static WebhookReceiver start(String secret) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        WebhookReceiver receiver = new WebhookReceiver(server, secret);
        server.createContext("/hook", receiver::handle);
        server.start();
        return receiver;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** From now on, answers 500 to the events {@code which} matches. */
    void refuse(Predicate<JsonNode> which) {
        this.refuse = which;
    }

    /** The events answered 200, in the order they came. */
    List<JsonNode> taken() {
        return List.copyOf(taken);
    }

    /** The ids of the events answered 500, once per try. */
    List<String> refused() {
        return List.copyOf(refused);
    }

    boolean badSignatureSeen() {
        return badSignatureSeen;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String timestamp = exchange.getRequestHeaders().getFirst("X-Parley-Timestamp");
        String signature = exchange.getRequestHeaders().getFirst("X-Parley-Signature");
        if (timestamp == null || signature == null || !signature.equals("sha256=" + sign(timestamp, body))) {
            badSignatureSeen = true;
            answer(exchange, 401);
            return;
        }
        JsonNode event = WsTestClient.JSON.readTree(body);
        if (refuse.test(event)) {
            refused.add(event.path("id").asText());
            answer(exchange, 500);
            return;
        }
        taken.add(event);
        answer(exchange, 200);
    }

    private String sign(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

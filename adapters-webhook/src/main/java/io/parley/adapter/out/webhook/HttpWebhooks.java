package io.parley.adapter.out.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import io.parley.adapter.common.json.EventWriter;
import io.parley.application.port.out.WebhookPort;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.Revision;

/**
 * Sends webhook events to one URL: a {@code POST} of the event as JSON with {@code X-Parley-Event} (its id, for
 * de-duplication), {@code X-Parley-Timestamp} (Unix seconds) and {@code X-Parley-Signature: sha256=<hex>}, the
 * HMAC-SHA256 under the secret of {@code timestamp + "." + body}, so that a receiver checks who sent it and refuses
 * a replay of an old one. A 2xx is delivered; any other status, a refused connection or no answer within the
 * timeout is a failure, retried by the caller.
 */
public final class HttpWebhooks implements WebhookPort {
    private static final String HMAC = "HmacSHA256";

    private final URI url;
    private final SecretKeySpec key;
    private final Duration timeout;
    private final HttpClient http;
    private final JsonFactory json;
    private final EventWriter writer;
    private final Clock clock;

    public HttpWebhooks(URI url, String secret, Duration timeout, JsonFactory json, EventWriter writer, Clock clock) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("webhooks need a secret to sign with");
        }
        this.url = url;
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC);
        this.timeout = timeout;
        this.json = json;
        this.writer = writer;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Delivery send(Event event) {
        byte[] body = body(event);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Parley-Webhooks/1")
                .header("X-Parley-Event", event.id())
                .header("X-Parley-Timestamp", timestamp)
                .header("X-Parley-Signature", "sha256=" + sign(timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? new Delivery.Delivered()
                    : new Delivery.Failed("the receiver answered " + response.statusCode());
        } catch (IOException e) {
            return new Delivery.Failed("the receiver could not be reached: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery.Failed("interrupted");
        }
    }

    /** The hex HMAC-SHA256 of {@code timestamp.body}. */
    String sign(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /**
     * The event as JSON: {id, type, conversation, offset?, at, …}: a {@code message} has the message as clients get
     * it; an edit has {message_id, content, by}; a delete {message_id, by}; a membership change {user, role?}.
     */
    byte[] body(Event event) {
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("id", event.id());
            g.writeStringField("type", event.type());
            g.writeStringField("conversation", event.conversation().value());
            if (event.offset().isPresent()) {
                g.writeNumberField("offset", event.offset().get());
            }
            g.writeStringField("at", event.at().toString());
            if (event.entry().isPresent()) {
                Message entry = event.entry().get();
                Revision.Change change = entry.revision().change();
                if (change == null) {
                    g.writeFieldName("message");
                    writer.writeMessage(g, entry);
                } else {
                    g.writeStringField("message_id", change.target().value());
                    if (change.kind() == Revision.ChangeKind.EDITED) {
                        g.writeStringField("content", entry.content());
                    }
                    g.writeStringField("by", entry.sender().value());
                }
            } else {
                if (event.user().isPresent()) {
                    g.writeStringField("user", event.user().get().value());
                }
                if (event.role().isPresent()) {
                    g.writeStringField("role", event.role().get().wireName());
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

package io.parley.bootstrap;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.parley.application.testing.Eventually;
import io.parley.domain.testing.MutableClock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Uploads over binary frames (PROTOCOL §2 {@code upload}) and reading them back ({@code GET /api/attachments/{id}}),
 * on a real server with the default database store: a file sent in chunks becomes one message with its attachment
 * for every member; its signed link serves the bytes (ranges, nosniff, inline only for images); a wrong hash, too
 * many bytes, a file over the bound, a binary frame without an upload and one over the frame bound are each refused
 * by name and store nothing; an upload resumes from what the server holds after a dropped connection; chunks count
 * toward the rate limit; and attachments go with their conversation, with retention, and partial uploads expire.
 */
class UploadsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int CHUNK = 1024;
    private static final MutableClock CLOCK = new MutableClock(Instant.now());
    private static TestParley parley;

    @BeforeAll
    static void start() {
        parley = TestParley.start(Map.of("PARLEY_MAX_MESSAGE_BYTES", "4096", "PARLEY_MAX_UPLOAD_BYTES", "20000",
                "PARLEY_MESSAGES_PER_SECOND", "1000", "PARLEY_UPLOAD_TTL", "4s"), CLOCK);
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    @Test
    void aFileSentInChunksBecomesOneMessageWithItsAttachmentForEveryMemberAndItsLinkServesTheBytes() {
        byte[] file = bytes(3000, 7);
        try (WsTestClient ada = parley.connect("ada-u");
             WsTestClient bea = parley.connect("bea-u")) {
            ada.expect("welcome");
            bea.expect("welcome");
            ada.join("files");
            bea.join("files");

            ada.send(announce("files", "notes.txt", "text/plain", file.length, sha256(file), null, "u1"));
            JsonNode ready = ada.expect("upload_ready");
            assertEquals("u1", ready.get("ref").asText());
            assertEquals(0, ready.get("received").asLong());
            String upload = ready.get("upload").asText();
            sendChunks(ada, file, 0);

            JsonNode ack = ada.until("ack").getLast();
            assertEquals("u1", ack.get("ref").asText());
            assertEquals(upload, ack.get("id").asText(), "the message's id is the upload's");
            for (WsTestClient member : List.of(ada, bea)) {
                JsonNode message = member.until("message").getLast();
                assertEquals(ack.get("offset").asLong(), message.get("offset").asLong());
                assertEquals("ada-u", message.get("sender").asText());
                assertEquals("notes.txt", message.get("content").asText());
                JsonNode attachment = message.get("attachment");
                assertEquals(upload, attachment.get("id").asText());
                assertEquals("notes.txt", attachment.get("name").asText());
                assertEquals("text/plain", attachment.get("mime").asText());
                assertEquals(file.length, attachment.get("size").asLong());
                assertEquals(sha256(file), attachment.get("sha256").asText());
            }
            ada.send("{\"type\":\"ping\",\"ref\":\"after-upload\"}");
            assertTrue(ada.until("pong").stream().noneMatch(f -> f.path("type").asText().startsWith("RUN_")),
                    "an upload starts no assistant run");

            String url = history(ada, "files").at("/messages/0/attachment/url").asText();
            assertTrue(url.startsWith("/api/attachments/" + upload + "?expires="), url);

            HttpResponse<byte[]> got = fetch(url);
            assertEquals(200, got.statusCode());
            assertArrayEquals(file, got.body());
            assertEquals("text/plain", got.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("nosniff", got.headers().firstValue("X-Content-Type-Options").orElseThrow());
            assertTrue(got.headers().firstValue("Content-Disposition").orElseThrow().startsWith("attachment;"),
                    "a text file is a download, not a page of the gateway's origin");
            assertTrue(got.headers().firstValue("Content-Security-Policy").orElseThrow().contains("sandbox"));

            assertEquals("\"" + sha256(file) + "\"", got.headers().firstValue("ETag").orElseThrow());
            assertEquals(304, fetch(url, "If-None-Match", "\"" + sha256(file) + "\"").statusCode(),
                    "a browser that holds it is told so");

            HttpResponse<byte[]> part = fetch(url, "Range", "bytes=10-19");
            assertEquals(206, part.statusCode());
            assertArrayEquals(Arrays.copyOfRange(file, 10, 20), part.body());
            assertEquals("bytes 10-19/3000", part.headers().firstValue("Content-Range").orElseThrow());
            HttpResponse<byte[]> tail = fetch(url, "Range", "bytes=-5");
            assertArrayEquals(Arrays.copyOfRange(file, 2995, 3000), tail.body());
            assertEquals(416, fetch(url, "Range", "bytes=3000-").statusCode());

            HttpResponse<String> http = parley.get("/api/conversations/files/messages?user=ada-u");
            assertTrue(http.body().contains("\"attachment\""), http.body());
        }
    }

    @Test
    void theLinkIsSignedAndExpiresAndWithoutItOnlyMembersRead() {
        String url;
        String id;
        try (WsTestClient cy = parley.connect("cy-u")) {
            cy.expect("welcome");
            cy.join("pictures");
            byte[] png = bytes(500, 3);
            JsonNode message = upload(cy, "pictures", "cat.png", "image/png", png, "p1");
            id = message.at("/attachment/id").asText();
            url = message.at("/attachment/url").asText();
            HttpResponse<byte[]> image = fetch(url);
            assertEquals(200, image.statusCode());
            assertTrue(image.headers().firstValue("Content-Disposition").orElseThrow().startsWith("inline;"),
                    "png, jpeg, gif and webp images show in the page");
        }
        assertEquals(403, fetch(url.replaceAll("signature=[A-Za-z0-9_-]{4}", "signature=AAAA")).statusCode(),
                "a link whose signature is not the gateway's is refused");
        assertEquals(403, fetch("/api/attachments/" + id + "?expires=99999999999&signature=forged").statusCode());
        assertEquals(200, fetch("/api/attachments/" + id + "?user=cy-u").statusCode(), "a member reads it");
        assertEquals(403, fetch("/api/attachments/" + id + "?user=eve-u").statusCode(), "another user does not");
        assertEquals(403, fetch("/api/attachments/" + id).statusCode(), "nobody named (dev mode) does not");
        assertEquals(404, fetch("/api/attachments/nothing-here?user=cy-u").statusCode());

        CLOCK.advance(Duration.ofHours(2));
        try {
            assertEquals(403, fetch(url).statusCode(), "a link expires");
        } finally {
            CLOCK.advance(Duration.ofHours(-2));
        }
    }

    @Test
    void aWrongHashOrTooManyBytesOrTooLargeAFileIsRefusedByNameAndNothingIsStored() {
        try (WsTestClient dan = parley.connect("dan-u")) {
            dan.expect("welcome");
            dan.join("refusals");
            byte[] file = bytes(2500, 1);

            dan.send(announce("refusals", "a.bin", "application/octet-stream", file.length, sha256(bytes(2500, 2)),
                    null, "h1"));
            String upload = dan.expect("upload_ready").get("upload").asText();
            sendChunks(dan, file, 0);
            JsonNode wrong = dan.until("error").getLast();
            assertEquals("bad_request", wrong.get("code").asText());
            assertEquals("h1", wrong.get("ref").asText());
            dan.send(announce("refusals", "a.bin", "application/octet-stream", file.length, null, upload, "h2"));
            assertEquals("not_found", dan.until("error").getLast().get("code").asText(),
                    "an upload whose hash did not match is gone");

            dan.send(announce("refusals", "b.bin", "application/octet-stream", 1500, null, null, "m1"));
            dan.expect("upload_ready");
            dan.sendBinary(bytes(1000, 4));
            dan.sendBinary(bytes(1000, 5));
            JsonNode over = dan.until("error").getLast();
            assertEquals("bad_request", over.get("code").asText());
            assertEquals("m1", over.get("ref").asText());
            dan.sendBinary(bytes(1000, 6));
            dan.send("{\"type\":\"ping\",\"ref\":\"after\"}");
            assertEquals("after", dan.until("pong").getLast().get("ref").asText(),
                    "the failed upload's later frames are dropped unanswered");

            dan.send(announce("refusals", "c.bin", "application/octet-stream", 20001, null, null, "big"));
            JsonNode large = dan.until("error").getLast();
            assertEquals("too_large", large.get("code").asText());
            assertEquals("big", large.get("ref").asText());

            dan.sendBinary(bytes(10, 1));
            JsonNode stray = dan.until("error").getLast();
            assertEquals("bad_request", stray.get("code").asText(), "a binary frame with no upload under way");

            dan.send(announce("refusals", "../etc/passwd", "text/plain", 10, null, null, "n1"));
            assertEquals("bad_request", dan.until("error").getLast().get("code").asText());
            dan.send(announce("not-joined", "d.txt", "text/plain", 10, null, null, "j1"));
            assertEquals("not_joined", dan.until("error").getLast().get("code").asText());

            assertEquals(0, history(dan, "refusals").get("messages").size(), "nothing was stored");
        }
    }

    @Test
    void aBinaryFrameOverTheFrameBoundClosesWith1009() {
        try (WsTestClient eve = parley.connect("eve-big")) {
            eve.expect("welcome");
            eve.join("big-frames");
            eve.send(announce("big-frames", "e.bin", "application/octet-stream", 10000, null, null, "e1"));
            eve.expect("upload_ready");
            eve.sendBinary(bytes(4097, 1));
            assertEquals(1009, eve.awaitClose().code());
        }
    }

    @Test
    void anUploadResumesFromWhatTheServerHoldsAfterTheConnectionDropped() {
        byte[] file = bytes(5000, 9);
        String upload;
        try (WsTestClient fay = parley.connect("fay-u")) {
            fay.expect("welcome");
            fay.join("resume");
            fay.send(announce("resume", "long.bin", "application/octet-stream", file.length, sha256(file), null,
                    "r1"));
            upload = fay.expect("upload_ready").get("upload").asText();
            fay.sendBinary(Arrays.copyOfRange(file, 0, CHUNK));
            fay.sendBinary(Arrays.copyOfRange(file, CHUNK, 2 * CHUNK));
            fay.send("{\"type\":\"ping\",\"ref\":\"held\"}");
            fay.until("pong");
        }
        try (WsTestClient fay = parley.connect("fay-u")) {
            fay.expect("welcome");
            fay.join("resume");
            fay.send(announce("resume", "long.bin", "application/octet-stream", file.length, sha256(file), upload,
                    "r2"));
            JsonNode ready = fay.expect("upload_ready");
            assertEquals(upload, ready.get("upload").asText());
            assertEquals(2 * CHUNK, ready.get("received").asLong());
            sendChunks(fay, file, 2 * CHUNK);
            assertEquals("r2", fay.until("ack").getLast().get("ref").asText());

            fay.send(announce("resume", "long.bin", "application/octet-stream", file.length, sha256(file), upload,
                    "r3"));
            assertEquals(file.length, fay.until("upload_ready").getLast().get("received").asLong());
            JsonNode again = fay.until("ack").getLast();
            assertEquals("r3", again.get("ref").asText(), "a complete upload announced again is acked again");

            JsonNode messages = history(fay, "resume").get("messages");
            assertEquals(1, messages.size(), "exactly one message");
            assertArrayEquals(file, fetch(messages.at("/0/attachment/url").asText()).body());
        }
    }

    @Test
    void attachmentsGoWithTheirConversationAndPartialUploadsExpire() {
        String id;
        String partial;
        try (WsTestClient gus = parley.connect("gus-u")) {
            gus.expect("welcome");
            gus.join("doomed");
            id = upload(gus, "doomed", "x.txt", "text/plain", bytes(100, 1), "d1").at("/attachment/id").asText();
            gus.send(announce("doomed", "y.txt", "text/plain", 100, null, null, "d2"));
            partial = gus.expect("upload_ready").get("upload").asText();
            gus.sendBinary(bytes(50, 2));
            gus.send("{\"type\":\"ping\",\"ref\":\"held\"}");
            gus.until("pong");

            CLOCK.advance(Duration.ofSeconds(5));
            Eventually.until("the partial upload expired", () -> {
                gus.send(announce("doomed", "y.txt", "text/plain", 100, null, partial, "again"));
                JsonNode answer = gus.next();
                while (!answer.path("ref").asText().equals("again")) {
                    answer = gus.next();
                }
                return answer.path("code").asText().equals("not_found");
            });
        }
        assertEquals(200, fetch("/api/attachments/" + id + "?user=gus-u").statusCode());
        assertEquals(204, parley.asServer("DELETE", "/api/conversations/doomed", null).statusCode());
        assertEquals(404, parley.get("/api/attachments/" + id, "Authorization", "Bearer " + TestParley.SERVER_KEY)
                .statusCode(), "a deleted conversation's attachments are gone");
    }

    @Test
    void theRetentionPurgeTakesTheAttachmentsOfTheMessagesItDeletes() {
        try (TestParley kept = TestParley.start(Map.of("PARLEY_RETENTION_MAX_MESSAGES", "1",
                "PARLEY_RETENTION_INTERVAL", "200ms", "PARLEY_MAX_MESSAGE_BYTES", "4096"));
             WsTestClient ivy = kept.connect("ivy-u")) {
            ivy.expect("welcome");
            ivy.join("short-lived");
            String id = upload(ivy, "short-lived", "old.txt", "text/plain", bytes(100, 1), "o1")
                    .at("/attachment/id").asText();
            String path = "/api/attachments/" + id + "?user=ivy-u";
            assertEquals(200, kept.get(path).statusCode());
            ivy.send("{\"type\":\"send\",\"conversation\":\"short-lived\",\"content\":\"newer\","
                    + "\"reply\":false}");
            ivy.until("ack");
            Eventually.until("the purged message's attachment is gone", () -> kept.get(path).statusCode() == 404);
        }
    }

    @Test
    void chunksCountTowardTheRateLimitAndTheUploadResumesAfterARefusal() {
        MutableClock clock = new MutableClock(Instant.now());
        try (TestParley slow = TestParley.start(Map.of("PARLEY_MESSAGES_PER_SECOND", "2",
                "PARLEY_MAX_MESSAGE_BYTES", "4096"), clock);
             WsTestClient hal = slow.connect("hal-u")) {
            hal.expect("welcome");
            clock.advance(Duration.ofSeconds(10));
            hal.join("paced");
            byte[] file = bytes(6 * CHUNK, 5);
            clock.advance(Duration.ofSeconds(10));
            hal.send(announce("paced", "p.bin", "application/octet-stream", file.length, sha256(file), null, "p1"));
            String upload = hal.expect("upload_ready").get("upload").asText();
            for (int at = 0; at < file.length; at += CHUNK) {
                hal.sendBinary(Arrays.copyOfRange(file, at, at + CHUNK));
            }
            JsonNode limited = hal.until("error").getLast();
            assertEquals("rate_limited", limited.get("code").asText());
            assertEquals("p1", limited.get("ref").asText(), "the refusal names the upload");

            clock.advance(Duration.ofSeconds(10));
            hal.send(announce("paced", "p.bin", "application/octet-stream", file.length, sha256(file), upload,
                    "p2"));
            long received = hal.until("upload_ready").getLast().get("received").asLong();
            assertTrue(received > 0 && received < file.length, "it holds what was taken: " + received);
            for (long at = received; at < file.length; at += CHUNK) {
                clock.advance(Duration.ofSeconds(1));
                hal.sendBinary(Arrays.copyOfRange(file, (int) at, (int) Math.min(file.length, at + CHUNK)));
            }
            assertEquals("p2", hal.until("ack").getLast().get("ref").asText());
            JsonNode message = hal.until("message").getLast();
            assertEquals(file.length, message.at("/attachment/size").asLong());
        }
    }

    /** Uploads {@code file} whole and returns the message it became. */
    static JsonNode upload(WsTestClient client, String conversation, String name, String mime, byte[] file,
                           String ref) {
        client.send(announce(conversation, name, mime, file.length, sha256(file), null, ref));
        client.expect("upload_ready");
        sendChunks(client, file, 0);
        client.until("ack");
        return client.until("message").getLast();
    }

    static String announce(String conversation, String name, String mime, long size, String sha256, String resume,
                           String ref) {
        return "{\"type\":\"upload\",\"conversation\":\"" + conversation + "\",\"name\":\"" + name
                + "\",\"mime\":\"" + mime + "\",\"size\":" + size
                + (sha256 == null ? "" : ",\"sha256\":\"" + sha256 + "\"")
                + (resume == null ? "" : ",\"upload\":\"" + resume + "\"") + ",\"ref\":\"" + ref + "\"}";
    }

    private static void sendChunks(WsTestClient client, byte[] file, int from) {
        for (int at = from; at < file.length; at += CHUNK) {
            client.sendBinary(Arrays.copyOfRange(file, at, Math.min(file.length, at + CHUNK)));
        }
    }

    private static JsonNode history(WsTestClient client, String conversation) {
        client.send("{\"type\":\"history\",\"conversation\":\"" + conversation + "\",\"ref\":\"h\"}");
        return client.until("history").getLast();
    }

    private static HttpResponse<byte[]> fetch(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + parley.port() + path));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(int length, int seed) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (i * 31 + seed * 17);
        }
        return out;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

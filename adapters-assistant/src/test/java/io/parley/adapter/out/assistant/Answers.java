package io.parley.adapter.out.assistant;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;

/** Scripted answers of the {@link FakeProvider}: streams, errors, streams that hold, break or never start. */
public final class Answers {

    private Answers() {
    }

    /** 200 {@code text/event-stream}, each piece written and flushed on its own, then the end of the body. */
    public static FakeProvider.Answer stream(String... pieces) {
        return (exchange, provider) -> {
            OutputStream out = startStream(exchange);
            for (String piece : pieces) {
                write(out, piece);
            }
        };
    }

    /** The same as {@link #stream} with all pieces joined, then cut into pieces of {@code size} bytes. */
    public static FakeProvider.Answer streamInBytes(int size, String... pieces) {
        byte[] all = String.join("", pieces).getBytes(StandardCharsets.UTF_8);
        return (exchange, provider) -> {
            OutputStream out = startStream(exchange);
            for (int start = 0; start < all.length; start += size) {
                out.write(Arrays.copyOfRange(all, start, Math.min(all.length, start + size)));
                out.flush();
            }
        };
    }

    /** The pieces, then silence but for a comment every 10 ms until the client hangs up (which the server notes). */
    public static FakeProvider.Answer streamThenHold(String... pieces) {
        return (exchange, provider) -> {
            OutputStream out = startStream(exchange);
            for (String piece : pieces) {
                write(out, piece);
            }
            holdUntilHangUp(out, provider);
        };
    }

    /** The pieces, then the connection dropped without ending the chunked body. */
    public static FakeProvider.Answer streamThenCut(String... pieces) {
        return (exchange, provider) -> {
            OutputStream out = startStream(exchange);
            for (String piece : pieces) {
                write(out, piece);
            }
            throw new FakeProvider.CutConnection();
        };
    }

    /** No status line at all until {@code release}, then a probe to notice whether the client is gone. */
    public static FakeProvider.Answer nothingUntil(CountDownLatch release) {
        return (exchange, provider) -> {
            release.await(10, TimeUnit.SECONDS);
            holdUntilHangUp(startStream(exchange), provider);
        };
    }

    /** Waits for {@code gate}, then answers like {@code then}. */
    public static FakeProvider.Answer after(CountDownLatch gate, FakeProvider.Answer then) {
        return (exchange, provider) -> {
            gate.await(10, TimeUnit.SECONDS);
            then.answer(exchange, provider);
        };
    }

    /** A complete answer with this status and body (JSON unless it looks otherwise) and extra header pairs. */
    public static FakeProvider.Answer status(int code, String body, String... headers) {
        return (exchange, provider) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", body.startsWith("{") ? "application/json" : "text/plain");
            for (int i = 0; i + 1 < headers.length; i += 2) {
                exchange.getResponseHeaders().set(headers[i], headers[i + 1]);
            }
            exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        };
    }

    private static OutputStream startStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    private static void write(OutputStream out, String piece) throws IOException {
        out.write(piece.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void holdUntilHangUp(OutputStream out, FakeProvider provider) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            while (System.nanoTime() < end) {
                write(out, ": keep-alive\n\n");
                Thread.sleep(10);
            }
        } catch (IOException hungUp) {
            provider.hungUp();
        }
    }
}

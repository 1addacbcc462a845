package io.parley.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.parley.domain.testing.LogCapture;

import static io.parley.bootstrap.UpgradeRefusalTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What happens before a route sees a request: half-sent or silent connections are cut after the header-read
 * timeout with 408, open sockets are capped, and what no route answers keeps its own status as problem+json
 * without filling the log.
 */
class ServerSocketsTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void aRequestHeadThatNeverEndsGets408AndTheSocketIsClosed() throws Exception {
        try (TestParley parley = TestParley.start(Map.of("PARLEY_STORE", "memory", "PARLEY_HEADER_TIMEOUT", "300ms"));
             LogCapture log = LogCapture.of("io.parley");
             Socket slow = new Socket("127.0.0.1", parley.port())) {
            slow.getOutputStream().write("GET /ws HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            slow.setSoTimeout((int) WAIT.toMillis());
            RawHttp answer = RawHttp.read(slow.getInputStream());
            assertProblem(answer.header("Content-Type"), answer.body(), 408, "header_timeout");
            assertEquals(-1, slow.getInputStream().read(), "and the socket is closed");
            assertEquals(1, log.lines("event=limit_hit", "limit=header_timeout").size());
            try (WsTestClient other = parley.connect("patient")) {
                other.expect("welcome");
            }
        }
    }

    @Test
    void aSocketThatSendsNothingIsClosedAfterTheHeaderTimeout() throws Exception {
        try (TestParley parley = TestParley.start(Map.of("PARLEY_STORE", "memory", "PARLEY_HEADER_TIMEOUT", "300ms"));
             Socket silent = new Socket("127.0.0.1", parley.port())) {
            silent.setSoTimeout((int) WAIT.toMillis());
            assertEquals(408, RawHttp.read(silent.getInputStream()).status());
            assertEquals(-1, silent.getInputStream().read());
        }
    }

    @Test
    void aHeadSentInTimeIsServedAndItsConnectionKeptForTheNextRequest() throws Exception {
        try (TestParley parley = TestParley.start(Map.of("PARLEY_STORE", "memory", "PARLEY_HEADER_TIMEOUT", "2s"));
             Socket client = new Socket("127.0.0.1", parley.port())) {
            client.setSoTimeout((int) WAIT.toMillis());
            String request = "GET /not-here HTTP/1.1\r\nHost: x\r\n\r\n";
            client.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            assertEquals(404, RawHttp.read(client.getInputStream()).status());
            client.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            assertEquals(404, RawHttp.read(client.getInputStream()).status(), "the same connection again");
        }
    }

    @Test
    void socketsOverTheCapWaitUntilOneCloses() throws Exception {
        try (TestParley parley = TestParley.start(Map.of("PARLEY_STORE", "memory", "PARLEY_MAX_CONNECTIONS", "1",
                "PARLEY_MAX_SOCKETS", "3", "PARLEY_HEADER_TIMEOUT", "1h"))) {
            List<Socket> holders = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    holders.add(new Socket("127.0.0.1", parley.port()));
                }
                try (Socket waiting = new Socket("127.0.0.1", parley.port())) {
                    waiting.getOutputStream().write("GET /observe/health HTTP/1.1\r\nHost: x\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    waiting.setSoTimeout(500);
                    InputStream in = waiting.getInputStream();
                    assertThrows(SocketTimeoutException.class, in::read, "not served while three sockets are held");
                    holders.removeFirst().close();
                    waiting.setSoTimeout((int) WAIT.toMillis());
                    assertEquals(200, RawHttp.read(in).status(), "served once a socket is free");
                }
            } finally {
                for (Socket holder : holders) {
                    holder.close();
                }
            }
        }
    }

    @Test
    void whatNoRouteAnswersKeepsItsStatusAsProblemJsonAndIsNotLoggedAsAFailure() throws IOException {
        try (TestParley parley = TestParley.start(Map.of("PARLEY_STORE", "memory"));
             LogCapture log = LogCapture.of("io.parley")) {
            for (String path : List.of("/favicon.ico", "/anything/at/all", "/api/nothing-here", "/no-such-file.js")) {
                assertProblem(parley.get(path), 404, "not_found");
            }
            HttpResponse<String> wrongMethod = parley.send("DELETE", "/agui", null);
            assertProblem(wrongMethod, 405, "method_not_allowed");
            assertEquals("POST", wrongMethod.headers().firstValue("Allow").orElseThrow());
            assertProblem(parley.send("PUT", "/api/stats", "{}"), 405, "method_not_allowed");
            try (Socket big = new Socket("127.0.0.1", parley.port())) {
                big.setSoTimeout((int) WAIT.toMillis());
                big.getOutputStream().write(("POST /api/conversations/x/messages HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + 5 * 1024 * 1024 + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                RawHttp answer = RawHttp.read(big.getInputStream());
                assertProblem(answer.header("Content-Type"), answer.body(), 413, "too_large");
            }
            assertTrue(log.lines("request failed").isEmpty(), "no stack trace for a client's mistake");
            HttpResponse<String> console = parley.get("/");
            assertEquals(200, console.statusCode(), "the web console");
            assertTrue(console.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        }
    }
}

package io.parley.adapter.out.assistant;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.AssistantReply.Failure;
import io.parley.application.port.out.RunCancellation;
import io.parley.domain.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retries: on connect errors, 429 (after its Retry-After) and 5xx, only before the first token, within budget. */
class OpenAiRetryTest {
    private static final String OVERLOADED = "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}";

    private FakeProvider provider;
    private LogCapture logs;

    @BeforeEach
    void start() throws IOException {
        provider = FakeProvider.start();
        logs = LogCapture.of(Assistants.class.getPackageName());
    }

    @AfterEach
    void stop() {
        logs.close();
        provider.close();
    }

    @Test
    void a503IsRetriedOnceAndTheRunSucceeds() {
        provider.script(Answers.status(503, OVERLOADED), Answers.stream(Sse.reply("Hello")));

        AssistantReply reply = reply(Fixtures.resilience());

        assertEquals(new AssistantReply.Completed("Hello", "openai", "fake-model"), reply);
        assertEquals(2, provider.requestCount());
        assertEquals(1, logs.lines("outcome=completed", "attempts=2").size(), logs.lines().toString());
    }

    @Test
    void a429IsRetriedNoSoonerThanItsRetryAfter() {
        provider.script(Answers.status(429, OVERLOADED, "Retry-After", "1"), Answers.stream(Sse.reply("Hello")));

        AssistantReply reply = reply(Fixtures.resilience());

        assertEquals("Hello", ((AssistantReply.Completed) reply).text());
        Duration waited = FakeProvider.elapsedBetween(provider.request(0), provider.request(1));
        assertTrue(waited.compareTo(Duration.ofMillis(950)) >= 0, "retried after " + waited);
    }

    @Test
    void aRetryAfterLongerThanTheBudgetFailsAtOnceAndPassesTheWaitOn() {
        provider.script(Answers.status(429, OVERLOADED, "Retry-After", "30"));

        AssistantReply reply = reply(Fixtures.resilience().retryBudget(Duration.ofSeconds(5)));

        AssistantReply.Failed failed = assertInstanceOf(AssistantReply.Failed.class, reply);
        assertEquals(Failure.UNAVAILABLE, failed.failure());
        assertTrue(failed.message().contains("rate limiting (429): overloaded"), failed.message());
        assertEquals(Duration.ofSeconds(30), failed.retryAfter());
        assertEquals(1, provider.requestCount());
    }

    @Test
    void aProviderThatKeepsFailingIsTriedOnceMorePerRetryThenUnavailable() {
        provider.script(Answers.status(500, OVERLOADED));

        AssistantReply reply = reply(Fixtures.resilience().retries(2));

        AssistantReply.Failed failed = assertInstanceOf(AssistantReply.Failed.class, reply);
        assertEquals(Failure.UNAVAILABLE, failed.failure());
        assertTrue(failed.message().contains("failed (500): overloaded (after 3 attempts)"), failed.message());
        assertEquals(3, provider.requestCount());
    }

    @Test
    void anUnreachableProviderIsTriedAgainThenUnavailable() throws IOException {
        URI closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1");
        }
        Fixtures.Resilience twoRetries = Fixtures.resilience().retries(2);
        try (AssistantAdapter assistant = Assistants.create(Fixtures.openAi(closedPort, twoRetries))) {
            AssistantReply reply = assistant.reply(Fixtures.prompt("hello"), text -> { }, new RunCancellation());

            AssistantReply.Failed failed = assertInstanceOf(AssistantReply.Failed.class, reply);
            assertEquals(Failure.UNAVAILABLE, failed.failure());
            assertTrue(failed.message().startsWith("cannot reach the assistant provider"), failed.message());
            assertEquals(1, logs.lines("outcome=failed", "failure=unavailable", "attempts=3").size());
        }
    }

    @Test
    void aRefusedRequestIsNotRetriedAndCarriesTheProvidersMessage() {
        provider.script(Answers.status(400, "{\"error\":{\"message\":\"model 'nope' not found\","
                + "\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}"));

        AssistantReply reply = reply(Fixtures.resilience());

        AssistantReply.Failed failed = assertInstanceOf(AssistantReply.Failed.class, reply);
        assertEquals(Failure.UPSTREAM_ERROR, failed.failure());
        assertEquals("the assistant provider refused the request (400): model 'nope' not found", failed.message());
        assertEquals(1, provider.requestCount());
    }

    @Test
    void aStreamThatBreaksAfterTheFirstTokenIsNotRetried() {
        provider.script(Answers.streamThenCut(Sse.role(), Sse.text("Hel")), Answers.stream(Sse.reply("Hello")));
        Fixtures.Deltas deltas = new Fixtures.Deltas();

        AssistantReply reply = reply(Fixtures.resilience(), deltas);

        AssistantReply.Failed failed = assertInstanceOf(AssistantReply.Failed.class, reply);
        assertEquals(Failure.UNAVAILABLE, failed.failure());
        assertEquals("Hel", failed.partialText());
        assertEquals(List.of("Hel"), deltas.pieces);
        assertEquals(1, provider.requestCount());
    }

    @Test
    void aStreamThatEndsEarlyIsIncompleteNotComplete() {
        provider.script(Answers.stream(Sse.role(), Sse.text("Hel")), Answers.stream(Sse.reply("Hello")));

        AssistantReply reply = reply(Fixtures.resilience());

        AssistantReply.Failed failed = assertInstanceOf(AssistantReply.Failed.class, reply);
        assertTrue(failed.message().contains("ended before the reply was complete"), failed.message());
        assertEquals("Hel", failed.partialText());
        assertEquals(1, provider.requestCount());
    }

    private AssistantReply reply(Fixtures.Resilience resilience) {
        return reply(resilience, new Fixtures.Deltas());
    }

    private AssistantReply reply(Fixtures.Resilience resilience, Fixtures.Deltas deltas) {
        try (AssistantAdapter assistant = Assistants.create(Fixtures.openAi(provider.baseUrl(), resilience))) {
            return assistant.reply(Fixtures.prompt("hello"), deltas, new RunCancellation());
        }
    }
}

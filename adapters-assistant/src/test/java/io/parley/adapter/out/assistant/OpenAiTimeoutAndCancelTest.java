package io.parley.adapter.out.assistant;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.parley.application.port.out.AssistantReply.Failure;
import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.RunCancellation;
import io.parley.application.testing.Eventually;
import io.parley.domain.testing.LogCapture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Timeouts and cancellation end the run and close the upstream connection, which the fake provider notices. */
class OpenAiTimeoutAndCancelTest {
    private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch release = new CountDownLatch(1);
    private FakeProvider provider;
    private AssistantAdapter assistant;

    @BeforeEach
    void start() throws IOException {
        provider = FakeProvider.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        assistant.close();
        provider.close();
        runs.shutdownNow();
    }

    private void assistantWithTimeouts(Duration firstToken, Duration stall) {
        assistant = Assistants.create(Fixtures.openAi(provider.baseUrl(), Fixtures.resilience()
                .timeouts(firstToken, stall)));
    }

    @Test
    void aStallMidStreamTimesOutWithThePartialTextAndClosesTheConnection() throws InterruptedException {
        assistantWithTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300));
        provider.script(Answers.streamThenHold(Sse.role(), Sse.text("Hel"), Sse.text("lo")));
        Fixtures.Deltas deltas = new Fixtures.Deltas();

        AssistantReply reply = assistant.reply(Fixtures.prompt("hello"), deltas, new RunCancellation());

        AssistantReply.Failed failed = assertInstanceOf(AssistantReply.Failed.class, reply);
        assertEquals(Failure.TIMEOUT, failed.failure());
        assertTrue(failed.message().contains("stalled"), failed.message());
        assertEquals("Hello", failed.partialText());
        assertEquals(List.of("Hel", "lo"), deltas.pieces);
        assertTrue(provider.awaitHangUp(), "the provider saw the connection close");
        assertEquals(1, provider.requestCount(), "a timeout is not retried");
    }

    @Test
    void noFirstTokenInTimeTimesOut() throws InterruptedException {
        assistantWithTimeouts(Duration.ofMillis(400), Duration.ofSeconds(5));
        provider.script(Answers.streamThenHold(Sse.role()));

        AssistantReply reply = assistant.reply(Fixtures.prompt("hello"), text -> { }, new RunCancellation());

        AssistantReply.Failed failed = assertInstanceOf(AssistantReply.Failed.class, reply);
        assertEquals(Failure.TIMEOUT, failed.failure());
        assertEquals("no reply from the assistant provider within 400 ms", failed.message());
        assertEquals("", failed.partialText());
        assertTrue(provider.awaitHangUp());
    }

    @Test
    void aProviderThatNeverAnswersTimesOutToo() throws InterruptedException {
        assistantWithTimeouts(Duration.ofMillis(400), Duration.ofSeconds(5));
        provider.script(Answers.nothingUntil(release));

        // the provider never answers: only the first-token timeout can end the call (the bound is a safety net far
        // above the 400 ms timeout, so that a hang fails the test instead of stalling the build)
        AssistantReply reply = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assistant.reply(Fixtures.prompt("hello"), text -> { }, new RunCancellation()));

        assertEquals(Failure.TIMEOUT, assertInstanceOf(AssistantReply.Failed.class, reply).failure());
        release.countDown();
        assertTrue(provider.awaitHangUp(), "the request was closed, not left open");
    }

    @Test
    void cancellingMidStreamEndsTheRunAndClosesTheConnection() throws Exception {
        provider.script(Answers.streamThenHold(Sse.role(), Sse.text("Hel"), Sse.text("lo")));
        assistantWithTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
        RunCancellation cancellation = new RunCancellation();
        CountDownLatch twoPieces = new CountDownLatch(2);

        Future<AssistantReply> reply = runs.submit(() -> assistant.reply(Fixtures.prompt("hello"),
                piece -> twoPieces.countDown(), cancellation));
        assertTrue(twoPieces.await(5, TimeUnit.SECONDS));
        cancellation.cancel();

        assertEquals(new AssistantReply.Cancelled("Hello"), reply.get(2, TimeUnit.SECONDS));
        assertTrue(provider.awaitHangUp(), "the provider saw the connection close");
        assertEquals(1, provider.requestCount());
    }

    @Test
    void cancellingWhileWaitingForTheProviderEndsTheRunAtOnce() throws Exception {
        provider.script(Answers.nothingUntil(release));
        assistantWithTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
        RunCancellation cancellation = new RunCancellation();

        Future<AssistantReply> reply = runs.submit(() -> assistant.reply(Fixtures.prompt("hello"), text -> { },
                cancellation));
        assertTrue(provider.awaitRequests(1));
        cancellation.cancel();

        assertEquals(new AssistantReply.Cancelled(""), reply.get(2, TimeUnit.SECONDS));
        release.countDown();
        assertTrue(provider.awaitHangUp());
    }

    @Test
    void cancellingDuringTheBackoffEndsTheRunWithoutAnotherAttempt() throws Exception {
        provider.script(Answers.status(503, "{}"));
        Fixtures.Resilience slowRetries = Fixtures.resilience().retryBudget(Duration.ofSeconds(60));
        slowRetries.retryDelay = Duration.ofSeconds(30);
        assistant = Assistants.create(Fixtures.openAi(provider.baseUrl(), slowRetries));
        RunCancellation cancellation = new RunCancellation();

        try (LogCapture logs = LogCapture.of(Assistants.class.getPackageName())) {
            Future<AssistantReply> reply = runs.submit(() -> assistant.reply(Fixtures.prompt("hello"), text -> { },
                    cancellation));
            awaitLine(logs, "event=assistant_retry run=run-1 retry=1 wait_ms=30000");
            cancellation.cancel();

            assertEquals(new AssistantReply.Cancelled(""), reply.get(2, TimeUnit.SECONDS));
            assertEquals(1, provider.requestCount());
        }
    }

    private static void awaitLine(LogCapture logs, String line) {
        Eventually.until("the log line " + line, () -> !logs.lines(line).isEmpty());
        assertEquals(1, logs.lines(line).size(), logs.lines().toString());
    }
}

package io.parley.adapter.out.assistant;

import java.io.IOException;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bulkhead: a bounded number of runs stream at once, a bounded number wait, the rest are refused at once. */
class OpenAiBulkheadTest {
    private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch gate = new CountDownLatch(1);
    private FakeProvider provider;

    @BeforeEach
    void start() throws IOException {
        provider = FakeProvider.start(Answers.after(gate, Answers.stream(Sse.reply("first"))),
                Answers.stream(Sse.reply("later")));
    }

    @AfterEach
    void stop() {
        gate.countDown();
        provider.close();
        runs.shutdownNow();
    }

    @Test
    void aFullBulkheadRefusesAtOnceWithoutCallingTheProvider() throws Exception {
        try (AssistantAdapter assistant = assistant(1, 0)) {
            Future<AssistantReply> first = runs.submit(() -> reply(assistant, new RunCancellation()));
            assertTrue(provider.awaitRequests(1));

            AssistantReply.Failed refused = assertInstanceOf(AssistantReply.Failed.class,
                    reply(assistant, new RunCancellation()));

            assertEquals(Failure.UNAVAILABLE, refused.failure());
            assertTrue(refused.message().contains("too many"), refused.message());
            assertEquals(1, provider.requestCount());
            gate.countDown();
            assertEquals("first", ((AssistantReply.Completed) first.get(5, TimeUnit.SECONDS)).text());
        }
    }

    @Test
    void aQueuedRunWaitsItsTurnAndOneCancelledWhileQueuedLeavesAtOnce() throws Exception {
        try (AssistantAdapter assistant = assistant(1, 1)) {
            Future<AssistantReply> first = runs.submit(() -> reply(assistant, new RunCancellation()));
            assertTrue(provider.awaitRequests(1));
            RunCancellation queuedCancellation = new RunCancellation();
            Future<AssistantReply> queued = runs.submit(() -> reply(assistant, queuedCancellation));
            awaitQueued((OpenAiAssistant) assistant, 1);

            assertEquals(Failure.UNAVAILABLE, ((AssistantReply.Failed) reply(assistant, new RunCancellation()))
                    .failure(), "queue full");
            queuedCancellation.cancel();
            assertEquals(new AssistantReply.Cancelled(""), queued.get(2, TimeUnit.SECONDS));

            Future<AssistantReply> waiting = runs.submit(() -> reply(assistant, new RunCancellation()));
            awaitQueued((OpenAiAssistant) assistant, 1);
            gate.countDown();
            assertEquals("first", ((AssistantReply.Completed) first.get(5, TimeUnit.SECONDS)).text());
            assertEquals("later", ((AssistantReply.Completed) waiting.get(5, TimeUnit.SECONDS)).text());
            assertEquals(2, provider.requestCount(), "the cancelled run never called the provider");
            assertEquals("later", ((AssistantReply.Completed) reply(assistant, new RunCancellation())).text(),
                    "no slot was lost to the cancelled run");
        }
    }

    private AssistantAdapter assistant(int concurrent, int queued) {
        return Assistants.create(Fixtures.openAi(provider.baseUrl(),
                Fixtures.resilience().bulkhead(concurrent, queued)));
    }

    private static AssistantReply reply(AssistantAdapter assistant, RunCancellation cancellation) {
        return assistant.reply(Fixtures.prompt("hello"), text -> { }, cancellation);
    }

    private static void awaitQueued(OpenAiAssistant assistant, int runs) {
        Eventually.until(runs + " runs queued", () -> assistant.queuedRuns() == runs);
    }
}

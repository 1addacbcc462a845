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

import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.AssistantReply.Failure;
import io.parley.application.port.out.RunCancellation;
import io.parley.domain.testing.LogCapture;

import static io.parley.adapter.out.assistant.AguiSse.flat;
import static io.parley.adapter.out.assistant.AguiSse.runStarted;
import static io.parley.adapter.out.assistant.AguiSse.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An agent gets the OpenAI provider's fault tolerance: 429 and 5xx are tried again before the first event, a
 * refusal is not; a stall or a cancel ends the run and closes the connection; one log line per run, never the key.
 */
class AguiResilienceTest {
    private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();
    private FakeAguiAgent agent;
    private LogCapture logs;

    @BeforeEach
    void start() throws IOException {
        agent = FakeAguiAgent.start();
        logs = LogCapture.of(Assistants.class.getPackageName());
    }

    @AfterEach
    void stop() {
        logs.close();
        agent.close();
        runs.shutdownNow();
    }

    @Test
    void a503IsTriedAgainBeforeTheFirstEventAndTheRunCompletes() {
        agent.script(Answers.status(503, "{\"detail\":\"warming up\"}"), FakeAguiAgent.run(AguiSse.textRun("Hi")));

        AssistantReply reply = reply(Fixtures.resilience(), new Fixtures.Deltas());

        assertEquals(new AssistantReply.Completed("Hi", "agui", "agent"), reply);
        assertEquals(2, agent.runCount());
        assertEquals(1, logs.lines("event=assistant_run", "provider=agui", "outcome=completed", "attempts=2")
                .size(), logs.lines().toString());
        assertFalse(logs.lines().stream().anyMatch(line -> line.contains("test-key")), "the key is never logged");
    }

    @Test
    void aRefusalIsNotTriedAgainAndCarriesTheAgentsWords() {
        agent.script(Answers.status(422, "{\"detail\":[{\"msg\":\"messages: field required\"}]}"));

        AssistantReply reply = reply(Fixtures.resilience(), new Fixtures.Deltas());

        AssistantReply.Failed failed = assertInstanceOf(AssistantReply.Failed.class, reply);
        assertEquals(Failure.UPSTREAM_ERROR, failed.failure());
        assertEquals("the assistant provider refused the request (422): messages: field required", failed.message());
        assertEquals(1, agent.runCount());
    }

    @Test
    void aStallAfterTheFirstTextTimesOutAndClosesTheConnection() throws InterruptedException {
        agent.script(Answers.streamThenHold(flat(runStarted(), text("m1", "Hel").subList(0, 2))));
        Fixtures.Deltas deltas = new Fixtures.Deltas();

        AssistantReply reply = reply(Fixtures.resilience().timeouts(Duration.ofSeconds(5), Duration.ofMillis(300)),
                deltas);

        AssistantReply.Failed failed = assertInstanceOf(AssistantReply.Failed.class, reply);
        assertEquals(Failure.TIMEOUT, failed.failure());
        assertEquals("Hel", failed.partialText());
        assertEquals(List.of("text:Hel"), deltas.calls);
        assertTrue(agent.awaitHangUp(), "the agent saw the connection close");
    }

    @Test
    void cancellingMidStreamEndsTheRunAndClosesTheConnection() throws Exception {
        agent.script(Answers.streamThenHold(flat(runStarted(), text("m1", "Hel", "lo").subList(0, 3))));
        RunCancellation cancellation = new RunCancellation();
        CountDownLatch twoPieces = new CountDownLatch(2);

        try (AssistantAdapter assistant = Assistants.create(Fixtures.agui(agent.endpoint(), Fixtures.resilience()))) {
            Future<AssistantReply> reply = runs.submit(() -> assistant.reply(Fixtures.prompt("hello"),
                    piece -> twoPieces.countDown(), cancellation));
            assertTrue(twoPieces.await(5, TimeUnit.SECONDS));
            cancellation.cancel();

            assertEquals(new AssistantReply.Cancelled("Hello"), reply.get(2, TimeUnit.SECONDS));
            assertTrue(agent.awaitHangUp(), "the agent saw the connection close");
            assertEquals(1, agent.runCount());
        }
    }

    @Test
    void aConnectionThatBreaksOffMidStreamIsUnavailableAndNotTriedAgain() {
        agent.script(Answers.streamThenCut(flat(runStarted(), text("m1", "Hel").subList(0, 2))),
                FakeAguiAgent.run(AguiSse.textRun("Hello")));

        AssistantReply reply = reply(Fixtures.resilience(), new Fixtures.Deltas());

        AssistantReply.Failed failed = assertInstanceOf(AssistantReply.Failed.class, reply);
        assertEquals(Failure.UNAVAILABLE, failed.failure());
        assertEquals("Hel", failed.partialText());
        assertEquals(1, agent.runCount());
    }

    private AssistantReply reply(Fixtures.Resilience resilience, Fixtures.Deltas deltas) {
        try (AssistantAdapter assistant = Assistants.create(Fixtures.agui(agent.endpoint(), resilience))) {
            return assistant.reply(Fixtures.prompt("hello"), deltas, new RunCancellation());
        }
    }
}

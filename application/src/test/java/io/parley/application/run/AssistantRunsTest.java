package io.parley.application.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.parley.application.delivery.Traffic;
import io.parley.application.port.out.AssistantPort;
import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.FanoutPort;
import io.parley.application.port.out.IdGeneratorPort;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.application.testing.ConversationFanout;
import io.parley.application.testing.SequentialIds;
import io.parley.application.testing.StoreStub;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ContentLimit;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.protocol.AgUiEvent;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.run.RunId;
import io.parley.domain.testing.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs with a scripted assistant, a recording fan-out and a scripted store. */
class AssistantRunsTest {
    private static final UserId ALICE = new UserId("alice");
    private static final ConversationId ROOM = new ConversationId("room");

    private final List<ServerEvent> published = new CopyOnWriteArrayList<>();
    private final FanoutPort fanout = (ConversationFanout) (conversation, event) -> published.add(event);
    private final List<NewMessage> stored = new CopyOnWriteArrayList<>();
    private final IdGeneratorPort ids = new SequentialIds();
    private final StoreStub store = new StoreStub() {
        @Override
        public List<Message> messages(ConversationId c, MessageRange range) {
            return List.of();
        }

        @Override
        public Appended append(NewMessage message) {
            stored.add(message);
            return new Appended.Stored(message.at(stored.size()));
        }
    };

    @Test
    void aRunSpeaksTheAgUiSequenceAndStoresItsReplyBeforeItFinishes() throws Exception {
        AssistantRuns runs = runs((prompt, deltas, cancel) -> {
            deltas.accept("Hel");
            deltas.accept("lo");
            return new AssistantReply.Completed("Hello", "test", "t-1");
        }, store);
        runs.requestReply(ROOM, ALICE, Optional.empty(), Optional.of("client-run")).get(5, TimeUnit.SECONDS);

        assertEquals(List.of("RUN_STARTED", "STEP_STARTED", "STEP_FINISHED", "STEP_STARTED", "TEXT_MESSAGE_START",
                "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END", "STEP_FINISHED", "STEP_STARTED",
                "message", "STEP_FINISHED", "RUN_FINISHED"), types());
        List<ServerEvent.RunEvent> events = runEvents();
        assertEquals(new RunId("client-run"), events.getFirst().runId(), "a valid client run id is kept");
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).seq());
        }
        assertEquals("Hello", stored.getFirst().content());
        assertEquals(new RunId("client-run"), stored.getFirst().run());
        AgUiEvent.TextMessageStart start = (AgUiEvent.TextMessageStart) events.get(4).event();
        assertEquals(start.messageId(), stored.getFirst().id().value());
    }

    @Test
    void theReasoningOfAReplyThatCameWholeGoesOutApartAndCountsTowardsTheReplysBound() throws Exception {
        AssistantRuns runs = runs((prompt, deltas, cancel) -> new AssistantReply.Completed("Yes.", "test", "t-1",
                List.of(), "thought it over", List.of()), store);
        runs.requestReply(ROOM, ALICE, Optional.empty(), Optional.empty()).get(5, TimeUnit.SECONDS);
        List<String> types = types();
        assertTrue(types.contains("REASONING_MESSAGE_CONTENT")
                && types.indexOf("REASONING_END") < types.indexOf("TEXT_MESSAGE_START"), types.toString());
        assertEquals("thought it over", stored.getFirst().agent().reasoning());

        published.clear();
        AssistantRuns bounded = new AssistantRuns((prompt, deltas, cancel) -> new AssistantReply.Completed("ok",
                "test", "t-1", List.of(), "x".repeat(200), List.of()), store, fanout, ids,
                new MutableClock(Instant.parse("2026-01-01T00:00:00Z")),
                new RunSettings(20, new UserId("assistant"), new ContentLimit(100)), new Traffic());
        bounded.requestReply(ROOM, ALICE, Optional.empty(), Optional.empty()).get(5, TimeUnit.SECONDS);
        assertEquals("too_large", ((AgUiEvent.RunError) runEvents().getLast().event()).code());
        assertEquals(1, stored.size(), "nothing more stored");
    }

    @Test
    void aFailedRunEndsWithRunErrorAndStoresNothing() throws Exception {
        AssistantRuns runs = runs((prompt, deltas, cancel) -> {
            deltas.accept("half a sen");
            return new AssistantReply.Failed(AssistantReply.Failure.TIMEOUT, "stalled", "half a sen", Duration.ZERO);
        }, store);
        runs.requestReply(ROOM, ALICE, Optional.empty(), Optional.empty()).get(5, TimeUnit.SECONDS);

        AgUiEvent.RunError error = assertInstanceOf(AgUiEvent.RunError.class, runEvents().getLast().event());
        assertEquals("timeout", error.code());
        assertTrue(stored.isEmpty(), "partial text is never stored as a reply");
    }

    @Test
    void aStoreThatCannotTakeTheReplyEndsTheRunUnavailable() throws Exception {
        AssistantRuns runs = runs((prompt, deltas, cancel) -> new AssistantReply.Completed("x", "t", "t"),
                new StoreStub() {
                    @Override
                    public List<Message> messages(ConversationId c, MessageRange range) {
                        return List.of();
                    }

                    @Override
                    public Appended append(NewMessage message) {
                        throw new StoreUnavailableException("down", Duration.ofSeconds(1), null);
                    }
                });
        runs.requestReply(ROOM, ALICE, Optional.empty(), Optional.empty()).get(5, TimeUnit.SECONDS);
        assertEquals("unavailable", ((AgUiEvent.RunError) runEvents().getLast().event()).code());
    }

    @Test
    void requestsDuringARunAreAnsweredTogetherByOneMoreRun() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        AssistantRuns runs = runs((prompt, deltas, cancel) -> {
            if (calls.incrementAndGet() == 1) {
                await(release);
            }
            return new AssistantReply.Completed("answer " + calls.get(), "t", "t");
        }, store);
        CompletableFuture<Void> first = runs.requestReply(ROOM, ALICE, Optional.empty(), Optional.empty());
        List<AgUiEvent> observed = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> second = runs.requestReply(ROOM, ALICE, Optional.of((run, seq, e) -> observed.add(e)),
                Optional.empty());
        CompletableFuture<Void> third = runs.requestReply(ROOM, ALICE, Optional.empty(), Optional.empty());
        assertEquals(1, runs.inFlight());
        release.countDown();
        first.get(5, TimeUnit.SECONDS);
        second.get(5, TimeUnit.SECONDS);
        third.get(5, TimeUnit.SECONDS);

        assertEquals(2, calls.get(), "two runs in all");
        assertEquals(second, third, "the waiting requests share the next run");
        assertInstanceOf(AgUiEvent.RunStarted.class, observed.getFirst());
        assertInstanceOf(AgUiEvent.RunFinished.class, observed.getLast());
        assertEquals(0, runs.inFlight());
    }

    @Test
    void aMemberJoiningMidRunIsShownItsStartActiveStepsAndTextSoFar() throws Exception {
        CountDownLatch halfway = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AssistantRuns runs = runs((prompt, deltas, cancel) -> {
            deltas.accept("one ");
            deltas.accept("two ");
            halfway.countDown();
            await(release);
            deltas.accept("three");
            return new AssistantReply.Completed("one two three", "t", "t");
        }, store);
        CompletableFuture<Void> done = runs.requestReply(ROOM, ALICE, Optional.empty(), Optional.empty());
        halfway.await(5, TimeUnit.SECONDS);

        RunSnapshot snapshot = runs.snapshot(ROOM).orElseThrow();
        assertEquals("one two ", snapshot.text());
        assertEquals(List.of("generating"), new ArrayList<>(snapshot.activeSteps().keySet()));
        assertEquals(7, snapshot.seq(), "RUN_STARTED, 3 steps, START and 2 pieces");
        assertEquals(Optional.of(5L), snapshot.messageStartSeq());
        release.countDown();
        done.get(5, TimeUnit.SECONDS);
        assertTrue(runs.snapshot(ROOM).isEmpty());
    }

    @Test
    void cancellingAsksTheAssistantToStop() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AssistantRuns runs = runs((prompt, deltas, cancel) -> {
            CountDownLatch stopped = new CountDownLatch(1);
            cancel.onCancel(stopped::countDown);
            started.countDown();
            await(stopped);
            return new AssistantReply.Cancelled("");
        }, store);
        CompletableFuture<Void> done = runs.requestReply(ROOM, ALICE, Optional.empty(), Optional.empty());
        started.await(5, TimeUnit.SECONDS);
        RunId runId = runEvents().getFirst().runId();
        assertEquals(Optional.of(ROOM), runs.conversationOf(runId));
        assertTrue(runs.cancel(runId));
        done.get(5, TimeUnit.SECONDS);
        assertEquals("cancelled", ((AgUiEvent.RunError) runEvents().getLast().event()).code());
        assertTrue(!runs.cancel(runId), "an ended run cannot be cancelled");
    }

    private AssistantRuns runs(AssistantPort assistant, StoreStub store) {
        return new AssistantRuns(assistant, store, fanout, ids,
                new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), RunSettings.defaults(), new Traffic());
    }

    private List<ServerEvent.RunEvent> runEvents() {
        return published.stream().filter(ServerEvent.RunEvent.class::isInstance)
                .map(ServerEvent.RunEvent.class::cast).toList();
    }

    private List<String> types() {
        return published.stream().map(e -> e instanceof ServerEvent.RunEvent run ? run.event().type() : "message")
                .toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.parley.bootstrap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.parley.adapter.out.assistant.Answers;
import io.parley.adapter.out.assistant.FakeProvider;
import io.parley.adapter.out.assistant.Sse;
import io.parley.application.testing.Eventually;

import static io.parley.bootstrap.AgUiSchema.assertRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The assistant's runs over WebSocket, with the offline echo assistant, checked against the AG-UI rules. */
class AssistantOverWebSocketTest {
    private static TestParley parley;

    @BeforeAll
    static void start() {
        parley = TestParley.start(Map.of("PARLEY_LLM_ECHO_DELAY", "40ms", "PARLEY_MESSAGES_PER_SECOND", "1000"));
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    @Test
    void aSendStreamsTheAssistantsRunToEveryMemberAsAgUiEvents() {
        try (WsTestClient alice = parley.connect("alice"); WsTestClient bob = parley.connect("bob")) {
            alice.expect("welcome");
            bob.expect("welcome");
            alice.join("ask");
            bob.join("ask");
            alice.send("{\"type\":\"send\",\"conversation\":\"ask\",\"content\":\"hello there\",\"ref\":\"s1\"}");
            alice.expect("ack");
            assertEquals("user", alice.expect("message").get("role").asText());

            List<JsonNode> frames = alice.until("RUN_FINISHED");
            List<JsonNode> run = runEvents(frames);
            assertRun(run);
            JsonNode reply = only(frames, "message");
            assertEquals("assistant", reply.get("role").asText());
            assertEquals("assistant", reply.get("sender").asText());
            assertEquals(AgUiSchema.text(run), reply.get("content").asText());
            assertTrue(reply.get("content").asText().startsWith("Echo assistant (offline"), reply.toString());
            assertTrue(reply.get("content").asText().contains("hello there"));
            JsonNode start = only(run, "TEXT_MESSAGE_START");
            assertEquals(reply.get("id").asText(), start.get("messageId").asText(), "the stored message has its id");
            assertEquals(start.get("messageId").asText(), reply.get("id").asText());
            assertEquals(run.getFirst().get("runId").asText(), reply.get("run").asText());
            assertEquals("ask", run.getFirst().get("threadId").asText());
            run.forEach(e -> assertEquals("ask", e.get("conversation").asText()));
            assertEquals(List.of("RUN_STARTED", "STEP_STARTED", "STEP_FINISHED", "STEP_STARTED", "TEXT_MESSAGE_START"),
                    run.subList(0, 5).stream().map(e -> e.get("type").asText()).toList());
            JsonNode finished = run.getLast();
            assertEquals("echo", finished.at("/result/provider").asText());
            assertEquals("echo-1", finished.at("/result/model").asText());
            for (int i = 0; i < run.size(); i++) {
                assertEquals(i + 1, run.get(i).get("seq").asLong(), "seq counts every event of the run");
            }
            assertTrue(frames.indexOf(reply) > frames.indexOf(only(run, "TEXT_MESSAGE_END"))
                    && frames.indexOf(reply) < frames.indexOf(finished), "the stored message comes before RUN_FINISHED");

            List<JsonNode> bobs = runEvents(bob.until("RUN_FINISHED"));
            assertEquals(run, bobs, "every member sees the same run");
        }
    }

    @Test
    void aMessageSentWithReplyFalseGetsNoRun() {
        try (WsTestClient carl = parley.connect("carl")) {
            carl.expect("welcome");
            carl.join("quiet");
            carl.send("{\"type\":\"send\",\"conversation\":\"quiet\",\"content\":\"note to self\",\"reply\":false}");
            carl.expect("ack");
            carl.expect("message");
            carl.send("{\"type\":\"ping\",\"ref\":\"after\"}");
            assertEquals("pong", carl.next().get("type").asText(), "no run frame came");
        }
    }

    @Test
    void aMemberWhoJoinsMidRunGetsTheTextSoFarThenTheRest() {
        try (TestParley slow = TestParley.start(Map.of("PARLEY_LLM_ECHO_DELAY", "150ms"));
             WsTestClient alice = slow.connect("alice"); WsTestClient late = slow.connect("late")) {
            alice.expect("welcome");
            late.expect("welcome");
            alice.join("midway");
            alice.send("{\"type\":\"send\",\"conversation\":\"midway\",\"content\":\"one two three four five six\"}");
            int deltas = 0;
            while (deltas < 3) {
                if (alice.next().path("type").asText().equals("TEXT_MESSAGE_CONTENT")) {
                    deltas++;
                }
            }
            late.join("midway");
            List<JsonNode> seen = runEvents(late.until("RUN_FINISHED"));
            assertRun(seen);
            assertEquals(List.of("RUN_STARTED", "STEP_STARTED", "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT"),
                    seen.subList(0, 4).stream().map(e -> e.get("type").asText()).toList());
            assertEquals("generating", seen.get(1).get("stepName").asText(), "the active step is shown");
            assertTrue(seen.get(3).get("delta").asText().split(" ").length >= 3, "the text so far in one piece");
            List<JsonNode> full = runEvents(alice.until("RUN_FINISHED"));
            assertEquals(AgUiSchema.text(full.isEmpty() ? seen : seen), AgUiSchema.text(seen));
            try (WsTestClient check = slow.connect("check")) {
                check.expect("welcome");
                check.send("{\"type\":\"join\",\"conversation\":\"midway\",\"since\":1}");
                check.expect("joined");
                assertEquals(AgUiSchema.text(seen), check.expect("message").get("content").asText(),
                        "the late joiner assembled exactly the stored reply");
            }
        }
    }

    @Test
    void cancelEndsTheRunWithRunErrorCancelledAndStoresNoReply() {
        try (TestParley slow = TestParley.start(Map.of("PARLEY_LLM_ECHO_DELAY", "200ms"));
             WsTestClient dana = slow.connect("dana")) {
            dana.expect("welcome");
            dana.join("stop-it");
            dana.send("{\"type\":\"send\",\"conversation\":\"stop-it\",\"content\":\"tell me a long story\"}");
            List<JsonNode> begun = dana.until("TEXT_MESSAGE_CONTENT");
            String runId = begun.stream().filter(f -> f.path("type").asText().equals("RUN_STARTED")).findFirst()
                    .orElseThrow().get("runId").asText();
            dana.send("{\"type\":\"cancel\",\"run\":\"" + runId + "\",\"ref\":\"c1\"}");
            List<JsonNode> rest = dana.until("RUN_ERROR");
            JsonNode ack = only(rest, "ack");
            assertEquals("c1", ack.get("ref").asText());
            assertEquals(runId, ack.get("run").asText());
            JsonNode error = rest.getLast();
            assertEquals("cancelled", error.get("code").asText());
            List<JsonNode> all = new ArrayList<>(runEvents(begun));
            all.addAll(runEvents(rest));
            assertRun(all);
            dana.send("{\"type\":\"history\",\"conversation\":\"stop-it\"}");
            assertEquals(1, dana.expect("history").get("messages").size(), "only the user's message is stored");
        }
    }

    @Test
    void cancellingARunThatIsNotInProgressIsNotFound() {
        try (WsTestClient erin = parley.connect("erin")) {
            erin.expect("welcome");
            erin.send("{\"type\":\"cancel\",\"run\":\"run-nonexistent\",\"ref\":\"c\"}");
            JsonNode error = erin.expect("error");
            assertEquals("not_found", error.get("code").asText());
            assertEquals("c", error.get("ref").asText());
        }
    }

    @Test
    void messagesSentDuringARunAreAnsweredTogetherByOneRunAfterIt() throws Exception {
        CountDownLatch firstAnswer = new CountDownLatch(1);
        try (FakeProvider model = FakeProvider.start(Answers.after(firstAnswer, Answers.stream(Sse.reply("one"))),
                Answers.stream(Sse.reply("two")));
             TestParley withModel = TestParley.start(AssistantProviderTest.openAi(model, Map.of()));
             WsTestClient fay = withModel.connect("fay")) {
            fay.expect("welcome");
            fay.join("busy");
            fay.send("{\"type\":\"send\",\"conversation\":\"busy\",\"content\":\"first\"}");
            Eventually.until("the first run asked the model", () -> model.requestCount() == 1);
            fay.send("{\"type\":\"send\",\"conversation\":\"busy\",\"content\":\"second\",\"ref\":\"2\"}");
            fay.send("{\"type\":\"send\",\"conversation\":\"busy\",\"content\":\"third\",\"ref\":\"3\"}");
            assertEquals("3", fay.untilCount("ack", 3).getLast().get("ref").asText());
            firstAnswer.countDown();

            List<JsonNode> first = fay.until("RUN_FINISHED");
            List<JsonNode> second = fay.until("RUN_FINISHED");
            assertEquals("one", AgUiSchema.text(runEvents(first)));
            assertEquals("two", AgUiSchema.text(runEvents(second)));
            assertFalse(model.request(0).body().contains("second"), "the first run read its context before");
            String next = model.request(1).body();
            assertTrue(next.contains("second") && next.contains("third"), "the next run answers both: " + next);
            assertEquals(1, runEvents(second).stream().filter(e -> e.get("type").asText().equals("RUN_STARTED"))
                    .count(), "one run for both messages");
            fay.send("{\"type\":\"ping\"}");
            assertEquals("pong", fay.next(Duration.ofSeconds(5)).get("type").asText(), "and no third run");
            assertEquals(2, model.requestCount());
        }
    }

    @Test
    void aLaggingMemberGetsTheSameTextInFewerFrames() {
        try (TestParley lagging = TestParley.start(Map.of("PARLEY_LLM_ECHO_DELAY", "0ms",
                "PARLEY_OUTBOUND_QUEUE_BYTES", "64MiB", "PARLEY_MESSAGES_PER_SECOND", "100000"));
             WsTestClient fast = lagging.connect("fast"); WsTestClient behind = lagging.connect("behind");
             WsTestClient flooder = lagging.connect("flooder")) {
            fast.expect("welcome");
            behind.expect("welcome");
            flooder.expect("welcome");
            fast.join("firehose");
            behind.join("firehose");
            behind.join("flood");
            flooder.join("flood");
            behind.pauseReading();
            // only the lagging member gets the flood: about 7 MB, more than its socket's buffers take, so its queue
            // holds far more than the lag threshold while the run streams; the fast member's queue stays empty
            String filler = "x".repeat(60_000);
            for (int i = 0; i < 120; i++) {
                flooder.send("{\"type\":\"send\",\"conversation\":\"flood\",\"reply\":false,\"content\":\""
                        + filler + "\"}");
            }
            ConversationOverWebSocketTest.messages(flooder, 120);
            String words = String.join(" ", java.util.Collections.nCopies(40, "word"));
            fast.send("{\"type\":\"send\",\"conversation\":\"firehose\",\"content\":\"" + words + "\"}");
            List<JsonNode> fastRun = runEvents(fast.until("RUN_FINISHED"));
            behind.resumeReading();
            List<JsonNode> behindRun = runEvents(behind.until("RUN_FINISHED"));

            assertEquals(AgUiSchema.text(fastRun), AgUiSchema.text(behindRun), "the same text");
            long fastPieces = count(fastRun, "TEXT_MESSAGE_CONTENT");
            long behindPieces = count(behindRun, "TEXT_MESSAGE_CONTENT");
            assertTrue(fastPieces > 1, "the echo streams its reply in pieces: " + fastPieces);
            assertTrue(behindPieces < fastPieces, behindPieces + " frames for the lagging member, " + fastPieces
                    + " for the fast one");
            assertFalse(behind.isClosed());
        }
    }

    static List<JsonNode> runEvents(List<JsonNode> frames) {
        return frames.stream().filter(frame -> AgUiSchema.isRunEvent(frame) && frame.has("seq")).toList();
    }

    private static long count(List<JsonNode> events, String type) {
        return events.stream().filter(e -> e.get("type").asText().equals(type)).count();
    }

    private static JsonNode only(List<JsonNode> frames, String type) {
        List<JsonNode> matching = frames.stream().filter(f -> f.path("type").asText().equals(type)).toList();
        assertEquals(1, matching.size(), () -> "one " + type + " in " + frames);
        return matching.getFirst();
    }
}

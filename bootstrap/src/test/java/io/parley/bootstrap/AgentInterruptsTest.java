package io.parley.bootstrap;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.parley.adapter.out.assistant.Answers;
import io.parley.adapter.out.assistant.FakeProvider;
import io.parley.adapter.out.assistant.Sse;
import io.parley.domain.testing.MutableClock;

import static io.parley.bootstrap.AgUiSchema.assertRun;
import static io.parley.bootstrap.AssistantOverWebSocketTest.runEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AG-UI interrupts over WebSocket: a call of a tool whose metadata requires approval ends the run with
 * {@code outcome: {type: "interrupt"}}; a {@code send} with {@code resume} answers it, the answer is stored as the
 * call's result and the model goes on; an answer for no interrupt, or a second one, is refused; resolving one after it
 * expired ends the run that would go on with {@code RUN_ERROR cancelled}.
 */
class AgentInterruptsTest {
    private static final String TRANSFER = "[{\"name\":\"transfer\",\"description\":\"moves money\","
            + "\"parameters\":{\"type\":\"object\"},\"metadata\":{\"requiresApproval\":true}}]";

    @Test
    void aToolThatRequiresApprovalInterruptsTheRunAndAResumeLetsTheModelGoOn() throws Exception {
        try (FakeProvider model = FakeProvider.start(Answers.stream(transferCall()),
                Answers.stream(Sse.reply("Done: 10 EUR sent.")));
             TestParley parley = TestParley.start(AssistantProviderTest.openAi(model, Map.of()));
             WsTestClient ann = parley.connect("ann-i")) {
            ann.expect("welcome");
            ann.send("{\"type\":\"join\",\"conversation\":\"bank\",\"tools\":" + TRANSFER + "}");
            ann.expect("joined");
            ann.send("{\"type\":\"send\",\"conversation\":\"bank\",\"content\":\"send 10 EUR to Bob\"}");
            List<JsonNode> run = runEvents(ann.until("RUN_FINISHED"));
            assertRun(run);
            JsonNode outcome = run.getLast().get("outcome");
            assertEquals("interrupt", outcome.get("type").asText(), run.getLast().toString());
            JsonNode interrupt = outcome.at("/interrupts/0");
            assertEquals("approve-call_t1", interrupt.get("id").asText());
            assertEquals("call_t1", interrupt.get("toolCallId").asText());
            assertTrue(interrupt.get("expiresAt").asText().endsWith("Z"), interrupt.toString());

            ann.send("{\"type\":\"send\",\"conversation\":\"bank\",\"content\":\"yes\",\"ref\":\"ok\",\"resume\":["
                    + "{\"interruptId\":\"approve-call_t1\",\"status\":\"resolved\",\"payload\":{\"pin\":\"ok\"}}]}");
            assertEquals("ok", ann.until("ack").getLast().get("ref").asText());
            List<JsonNode> second = runEvents(ann.until("RUN_FINISHED"));
            assertRun(second);
            assertEquals("success", second.getLast().at("/outcome/type").asText());
            JsonNode request = WsTestClient.JSON.readTree(model.request(1).body());
            JsonNode messages = request.get("messages");
            JsonNode result = messages.get(messages.size() - 2);
            assertEquals("tool", result.get("role").asText(), messages.toString());
            assertEquals("call_t1", result.get("tool_call_id").asText());
            assertEquals("{\"approved\":true,\"payload\":{\"pin\":\"ok\"}}", result.get("content").asText());
            assertEquals("yes", messages.get(messages.size() - 1).get("content").asText());

            ann.send("{\"type\":\"send\",\"conversation\":\"bank\",\"content\":\"again\",\"resume\":["
                    + "{\"interruptId\":\"approve-call_t1\",\"status\":\"resolved\"}]}");
            assertEquals("conflict", ann.until("error").getLast().get("code").asText(), "answered already");
            ann.send("{\"type\":\"send\",\"conversation\":\"bank\",\"content\":\"x\",\"resume\":["
                    + "{\"interruptId\":\"approve-nothing\",\"status\":\"cancelled\"}]}");
            assertEquals("not_found", ann.until("error").getLast().get("code").asText());
            ann.send("{\"type\":\"send\",\"conversation\":\"bank\",\"content\":\"x\",\"resume\":["
                    + "{\"interruptId\":\"approve-call_t1\",\"status\":\"maybe\"}]}");
            assertEquals("bad_request", ann.until("error").getLast().get("code").asText());
            assertEquals(2, model.requestCount(), "refused resumes start no run");
        }
    }

    @Test
    void resolvingAnInterruptAfterItExpiredEndsTheRunThatWouldGoOnAsACancelDoes() throws Exception {
        MutableClock clock = MutableClock.atEpoch();
        Map<String, String> env = new java.util.HashMap<>(Map.of("PARLEY_INTERRUPT_TTL", "1m",
                "PARLEY_HEARTBEAT_INTERVAL", "1h", "PARLEY_HEARTBEAT_TIMEOUT", "1h", "PARLEY_IDLE_TIMEOUT", "2h"));
        try (FakeProvider model = FakeProvider.start(Answers.stream(transferCall()), Answers.stream(Sse.reply("ok")));
             TestParley parley = TestParley.start(AssistantProviderTest.openAi(model, env), clock);
             WsTestClient ben = parley.connect("ben-i")) {
            ben.expect("welcome");
            ben.send("{\"type\":\"join\",\"conversation\":\"slow-bank\",\"tools\":" + TRANSFER + "}");
            ben.expect("joined");
            ben.send("{\"type\":\"send\",\"conversation\":\"slow-bank\",\"content\":\"send it\"}");
            assertEquals("interrupt", ben.until("RUN_FINISHED").getLast().at("/outcome/type").asText());

            clock.advance(Duration.ofMinutes(2));
            ben.send("{\"type\":\"send\",\"conversation\":\"slow-bank\",\"content\":\"yes\",\"resume\":["
                    + "{\"interruptId\":\"approve-call_t1\",\"status\":\"resolved\"}]}");
            JsonNode error = ben.until("RUN_ERROR").getLast();
            assertEquals("cancelled", error.get("code").asText());
            assertEquals(1, model.requestCount(), "the model was not asked again");

            ben.send("{\"type\":\"send\",\"conversation\":\"slow-bank\",\"content\":\"and now?\"}");
            assertEquals("success", ben.until("RUN_FINISHED").getLast().at("/outcome/type").asText(),
                    "the conversation goes on: the call has its (expired) answer");
            JsonNode request = WsTestClient.JSON.readTree(model.request(1).body());
            assertTrue(request.get("messages").toString().contains("\\\"expired\\\":true"), request.toString());
        }
    }

    @Test
    void anAnswerOverTheContentBoundIsRefusedOverAguiAndNothingIsStored() throws Exception {
        try (FakeProvider model = FakeProvider.start(Answers.stream(transferCall()));
             TestParley parley = TestParley.start(AssistantProviderTest.openAi(model,
                     Map.of("PARLEY_MAX_MESSAGE_BYTES", "2KiB", "PARLEY_OUTBOUND_QUEUE_BYTES", "1MiB")));
             WsTestClient cat = parley.connect("cat-i")) {
            cat.expect("welcome");
            cat.send("{\"type\":\"join\",\"conversation\":\"big-bank\",\"tools\":" + TRANSFER + "}");
            cat.expect("joined");
            cat.send("{\"type\":\"send\",\"conversation\":\"big-bank\",\"content\":\"send it\"}");
            assertEquals("interrupt", cat.until("RUN_FINISHED").getLast().at("/outcome/type").asText());

            // over WebSocket the frame's own bound (the same number) keeps an answer within it
            java.net.http.HttpResponse<String> agui = parley.post("/agui?user=cat-i", "{\"threadId\":\"big-bank\","
                    + "\"runId\":\"r-big\",\"messages\":[],\"resume\":[{\"interruptId\":\"approve-call_t1\","
                    + "\"status\":\"resolved\",\"payload\":{\"note\":\"" + "y".repeat(4000) + "\"}}]}");
            assertEquals(413, agui.statusCode(), "over /agui: " + agui.body());

            cat.send("{\"type\":\"history\",\"conversation\":\"big-bank\",\"after\":0}");
            assertEquals(List.of("user", "assistant"), cat.until("history").getLast().get("messages").valueStream()
                    .map(m -> m.get("role").asText()).toList(), "no answer stored");
            assertEquals(1, model.requestCount());
        }
    }

    /** The model calls {@code transfer} once. */
    static String[] transferCall() {
        return new String[] {Sse.role(), Sse.toolCall(0, "call_t1", "transfer", "{\"to\":\"bob\","),
            Sse.toolCall(0, null, null, "\"eur\":10}"), Sse.finish("tool_calls"), Sse.DONE};
    }
}

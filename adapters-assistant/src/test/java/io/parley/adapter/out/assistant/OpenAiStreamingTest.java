package io.parley.adapter.out.assistant;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.adapter.common.resilience.CircuitState;
import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.AssistantReply.Failure;
import io.parley.application.port.out.RunCancellation;
import io.parley.domain.protocol.AgUiEvent.TokenUsage;
import io.parley.domain.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading OpenAI-compatible streams as real servers write them, quirks included, from a local fake provider. */
class OpenAiStreamingTest {
    private FakeProvider provider;
    private AssistantAdapter assistant;
    private LogCapture logs;

    @BeforeEach
    void start() throws IOException {
        provider = FakeProvider.start();
        assistant = Assistants.create(Fixtures.openAi(provider.baseUrl(), Fixtures.resilience()));
        logs = LogCapture.of(Assistants.class.getPackageName());
    }

    @AfterEach
    void stop() {
        logs.close();
        assistant.close();
        provider.close();
    }

    @Test
    void aStreamWithEveryQuirkIsAssembledExactlyAndInOrder() {
        provider.script(Answers.stream(
                ": a comment before anything\r\n\r\n",
                "retry: 3000\r\nevent: message\r\nid: 1\r\n" + crlf(Sse.role()),
                Sse.text("Hel").replace("data: ", "data:"),
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":null},\"finish_reason\":null}]}\n\n",
                "data: {\"choices\":[{\"index\":0,\"delta\":{}}]}\r\n\r\n",
                crlf(Sse.text("lo, wö")),
                "\n\n",
                ": keep-alive\n\n",
                Sse.text("rld ✓"),
                Sse.finish("stop"),
                Sse.usage(12, 4),
                Sse.DONE));
        Fixtures.Deltas deltas = new Fixtures.Deltas();

        AssistantReply reply = assistant.reply(Fixtures.prompt("hello"), deltas, new RunCancellation());

        assertEquals(new AssistantReply.Completed("Hello, wörld ✓", "openai", "fake-model", List.of(), "",
                List.of(new TokenUsage("openai", "fake-model", 12, 4, -1))), reply);
        assertEquals(List.of("Hel", "lo, wö", "rld ✓"), deltas.pieces);
        assertEquals(1, logs.lines("event=assistant_run", "outcome=completed", "attempts=1", "finish=stop",
                "prompt_tokens=12", "completion_tokens=4").size(), logs.lines().toString());
    }

    @Test
    void eventsCutAtAnyByteAreStillReadWhole() {
        provider.script(Answers.streamInBytes(3, Sse.reply("Grüße ", "aus ", "Zürich ✓")));

        AssistantReply reply = assistant.reply(Fixtures.prompt("hello"), text -> { }, new RunCancellation());

        assertEquals(new AssistantReply.Completed("Grüße aus Zürich ✓", "openai", "fake-model"), reply);
    }

    @Test
    void eventsWithoutBlankLinesBetweenThemAreStillRead() {
        provider.script(Answers.stream(Sse.text("one ").strip() + "\n" + Sse.text("two").strip() + "\n\n",
                Sse.finish("stop"), Sse.DONE));

        AssistantReply reply = assistant.reply(Fixtures.prompt("hello"), text -> { }, new RunCancellation());

        assertEquals("one two", ((AssistantReply.Completed) reply).text());
    }

    @Test
    void aStreamWithAFinishReasonButNoDoneIsComplete() {
        provider.script(Answers.stream(Sse.role(), Sse.text("Hi"), Sse.finish("stop")));

        AssistantReply reply = assistant.reply(Fixtures.prompt("hello"), text -> { }, new RunCancellation());

        assertEquals("Hi", ((AssistantReply.Completed) reply).text());
    }

    @Test
    void anAnswerThatIsNotStreamedIsTakenWhole() {
        provider.script(Answers.status(200, "{\"model\":\"whole-model\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"All at once\"},\"finish_reason\":\"stop\"}]}"));
        Fixtures.Deltas deltas = new Fixtures.Deltas();

        AssistantReply reply = assistant.reply(Fixtures.prompt("hello"), deltas, new RunCancellation());

        assertEquals(new AssistantReply.Completed("All at once", "openai", "whole-model"), reply);
        assertEquals(List.of("All at once"), deltas.pieces);
    }

    @Test
    void theRequestCarriesTheKeyTheModelAndTheConversationAfterTheSystemPrompt() throws IOException {
        provider.script(Answers.stream(Sse.reply("ok")));

        assistant.reply(Fixtures.prompt("hi", "hello!", "how are you?"), text -> { }, new RunCancellation());

        FakeProvider.Received request = provider.request(0);
        assertEquals("/v1/chat/completions", request.path());
        assertEquals("Bearer test-key", request.headers().getFirst("Authorization"));
        assertEquals("run-3", request.headers().getFirst("X-Request-Id"));
        assertTrue(request.headers().getFirst("Accept").contains("text/event-stream"));
        JsonNode body = new ObjectMapper().readTree(request.body());
        assertEquals("fake-model", body.path("model").asText());
        assertTrue(body.path("stream").asBoolean());
        assertEquals(64, body.path("max_tokens").asInt());
        assertEquals(0.2, body.path("temperature").asDouble());
        assertEquals("[{\"role\":\"system\",\"content\":\"You are terse.\"},"
                + "{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"hello!\"},"
                + "{\"role\":\"user\",\"content\":\"how are you?\"}]", body.path("messages").toString());
    }

    @Test
    void aLocalServerWithoutKeyGetsNoAuthorizationHeader() {
        OpenAiSettings keyless = OpenAiSettings.of(provider.baseUrl(), "", "llama3.2")
                .withResilience(Fixtures.resilience().build());
        provider.script(Answers.stream(Sse.reply("ok")));
        try (AssistantAdapter local = Assistants.create(keyless)) {
            local.reply(Fixtures.prompt("hello"), text -> { }, new RunCancellation());
        }

        assertFalse(provider.request(0).headers().containsKey("Authorization"));
        assertTrue(logs.lines("event=assistant_ready", "api_key=none").size() == 1, logs.lines().toString());
    }

    @Test
    void theKeyNeverAppearsInTheLogs() {
        provider.script(Answers.stream(Sse.reply("ok")));

        assistant.reply(Fixtures.prompt("hello"), text -> { }, new RunCancellation());

        assertTrue(logs.lines("test-key").isEmpty(), logs.lines().toString());
        assertFalse(Fixtures.openAi(URI.create("http://localhost/v1"), Fixtures.resilience()).toString()
                .contains("test-key"));
    }

    @Test
    void anErrorInsideTheStreamFailsWithTheProvidersMessageAndThePartialText() {
        provider.script(Answers.stream(Sse.role(), Sse.text("Hel"),
                "data: {\"error\":{\"message\":\"The server is overloaded\",\"type\":\"server_error\"}}\n\n"));
        Fixtures.Deltas deltas = new Fixtures.Deltas();

        AssistantReply reply = assistant.reply(Fixtures.prompt("hello"), deltas, new RunCancellation());

        AssistantReply.Failed failed = assertInstanceOf(AssistantReply.Failed.class, reply);
        assertEquals(Failure.UPSTREAM_ERROR, failed.failure());
        assertTrue(failed.message().contains("The server is overloaded"), failed.message());
        assertEquals("Hel", failed.partialText());
        assertEquals(List.of("Hel"), deltas.pieces);
        assertEquals(1, provider.requestCount());
    }

    @Test
    void aReplyWithoutAnyTextFailsRatherThanCompletingEmpty() {
        provider.script(Answers.stream(Sse.role(), Sse.finish("length"), Sse.DONE));

        AssistantReply reply = assistant.reply(Fixtures.prompt("hello"), text -> { }, new RunCancellation());

        AssistantReply.Failed failed = assertInstanceOf(AssistantReply.Failed.class, reply);
        assertEquals(Failure.UPSTREAM_ERROR, failed.failure());
        assertTrue(failed.message().contains("no text") && failed.message().contains("length"), failed.message());
    }

    @Test
    void dataThatIsNotJsonFailsAsAnUpstreamError() {
        provider.script(Answers.stream(Sse.role(), "data: <html>oops</html>\n\n"));

        AssistantReply reply = assistant.reply(Fixtures.prompt("hello"), text -> { }, new RunCancellation());

        assertEquals(Failure.UPSTREAM_ERROR, ((AssistantReply.Failed) reply).failure());
    }

    @Test
    void aThrowingDeltaConsumerIsTheCallersBugAndIsRethrownAfterClosingTheStream() throws InterruptedException {
        provider.script(Answers.streamThenHold(Sse.role(), Sse.text("Hel")));
        IllegalStateException bug = new IllegalStateException("consumer bug");

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> assistant.reply(
                Fixtures.prompt("hello"), piece -> { throw bug; }, new RunCancellation()));

        assertSame(bug, thrown);
        assertTrue(provider.awaitHangUp());
        assertEquals(CircuitState.CLOSED, assistant.circuitState());
    }

    @Test
    void aClosedAssistantAnswersUnavailableWithoutCallingTheProvider() {
        assistant.close();

        AssistantReply reply = assistant.reply(Fixtures.prompt("hello"), text -> { }, new RunCancellation());

        assertEquals(Failure.UNAVAILABLE, ((AssistantReply.Failed) reply).failure());
        assertEquals(0, provider.requestCount());
    }

    @Test
    void anEndlessLineFailsTheRunInsteadOfExhaustingMemory() {
        provider.script(Answers.stream(Sse.role(), "data: " + "x".repeat(SseReader.MAX_LINE + 1)));

        AssistantReply reply = assistant.reply(Fixtures.prompt("hello"), text -> { }, new RunCancellation());

        assertEquals(Failure.UNAVAILABLE, ((AssistantReply.Failed) reply).failure());
    }

    private static String crlf(String event) {
        return event.replace("\n", "\r\n");
    }
}

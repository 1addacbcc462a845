package io.parley.adapter.out.assistant;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.parley.application.port.out.AssistantPort;
import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.AssistantReply.Failure;
import io.parley.application.port.out.RunCancellation;
import io.parley.domain.conversation.ToolCall;
import io.parley.domain.protocol.AgUiEvent.TokenUsage;
import io.parley.domain.testing.LogCapture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tool calls, reasoning and usage in OpenAI-compatible streams, as OpenAI, vLLM and Ollama write them. */
class OpenAiAgentStreamingTest {
    private FakeProvider provider;
    private AssistantAdapter assistant;
    private LogCapture logs;
    private final Fixtures.Deltas deltas = new Fixtures.Deltas();

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
    void parallelCallsInterleavedByIndexAreRelayedFragmentByFragmentAndCompleteWhole() {
        provider.script(Answers.stream(Sse.role(),
                Sse.toolCall(0, "call_a", "get_weather", ""),
                Sse.toolCall(1, "call_b", "get_time", ""),
                Sse.toolCall(0, null, null, "{\"ci"),
                Sse.toolCall(1, null, null, "{\"zo"),
                Sse.toolCall(0, null, null, "ty\":\"Pa"),
                Sse.toolCall(1, null, null, "ne\":\"CET\"}"),
                Sse.toolCall(0, null, null, "ris\"}"),
                Sse.finish("tool_calls"),
                Sse.usage(50, 20),
                Sse.DONE));

        AssistantReply reply = reply();

        assertEquals(List.of("started:call_a:get_weather", "started:call_b:get_time",
                "arguments:call_a:{\"ci", "arguments:call_b:{\"zo", "arguments:call_a:ty\":\"Pa",
                "arguments:call_b:ne\":\"CET\"}", "arguments:call_a:ris\"}"), deltas.calls);
        assertEquals(new AssistantReply.Completed("", "openai", "fake-model",
                List.of(new ToolCall("call_a", "get_weather", "{\"city\":\"Paris\"}"),
                        new ToolCall("call_b", "get_time", "{\"zone\":\"CET\"}")),
                "", List.of(new TokenUsage("openai", "fake-model", 50, 20, -1))), reply);
        assertEquals(1, logs.lines("event=assistant_run", "outcome=completed", "tool_calls=2", "finish=tool_calls",
                "prompt_tokens=50", "completion_tokens=20").size(), logs.lines().toString());
        assertTrue(logs.lines("reasoning_tokens").isEmpty(), logs.lines().toString());
    }

    @Test
    void aReplyThatOnlyCallsAToolCompletesWithoutText() {
        provider.script(Answers.stream(Sse.toolCallReply("call_1", "get_weather", "{\"city\":", "\"Paris\"}")));

        AssistantReply reply = reply();

        AssistantReply.Completed completed = assertInstanceOf(AssistantReply.Completed.class, reply);
        assertEquals("", completed.text());
        assertEquals(List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")), completed.toolCalls());
        assertEquals(List.of(), completed.usage());
    }

    @Test
    void reasoningContentIsRelayedApartFromTheTextThatFollows() {
        provider.script(Answers.stream(Sse.role(), Sse.reasoning("The user "), Sse.reasoning("greets."),
                Sse.text("Hi"), Sse.text("!"), Sse.finish("stop"), Sse.DONE));

        AssistantReply reply = reply();

        assertEquals(List.of("reasoning:The user ", "reasoning:greets.", "text:Hi", "text:!"), deltas.calls);
        assertEquals(new AssistantReply.Completed("Hi!", "openai", "fake-model", List.of(), "The user greets.",
                List.of()), reply);
        assertEquals(1, logs.lines("event=assistant_run", "chars=3", "reasoning_chars=16").size(),
                logs.lines().toString());
    }

    @Test
    void theUsageWithReasoningTokensIsReportedInTheReplyAndTheLog() {
        provider.script(Answers.stream(Sse.reasoning("Hmm."), Sse.text("Hi"), Sse.finish("stop"),
                Sse.usage(10, 30, 24), Sse.DONE));

        AssistantReply reply = reply();

        assertEquals(List.of(new TokenUsage("openai", "fake-model", 10, 30, 24)),
                ((AssistantReply.Completed) reply).usage());
        assertEquals(1, logs.lines("event=assistant_run", "prompt_tokens=10", "completion_tokens=30",
                "reasoning_tokens=24").size(), logs.lines().toString());
    }

    @Test
    void ollamasReasoningFieldIsReasoningToo() {
        provider.script(Answers.stream(Sse.delta("reasoning", "Hmm."), Sse.text("Yes."), Sse.finish("stop"),
                Sse.DONE));

        AssistantReply reply = reply();

        assertEquals(List.of("reasoning:Hmm.", "text:Yes."), deltas.calls);
        assertEquals("Hmm.", ((AssistantReply.Completed) reply).reasoning());
    }

    @Test
    void callsSentWholeAtTheSameIndexWithOtherIdsAreTwoCalls() {
        provider.script(Answers.stream(Sse.toolCall(0, "call_a", "get_weather", "{\"city\":\"Paris\"}"),
                Sse.toolCall(0, "call_b", "get_weather", "{\"city\":\"Rome\"}"), Sse.finish("tool_calls"),
                Sse.DONE));

        AssistantReply reply = reply();

        assertEquals(List.of("started:call_a:get_weather", "arguments:call_a:{\"city\":\"Paris\"}",
                "started:call_b:get_weather", "arguments:call_b:{\"city\":\"Rome\"}"), deltas.calls);
        assertEquals(2, ((AssistantReply.Completed) reply).toolCalls().size());
    }

    @Test
    void aCallWithoutAnIdGetsOneOfTheRun() {
        provider.script(Answers.stream(Sse.toolCall(0, null, "get_weather", "{}"), Sse.finish("tool_calls"),
                Sse.DONE));

        AssistantReply reply = reply();

        assertEquals(List.of("started:call_run-1_0:get_weather", "arguments:call_run-1_0:{}"), deltas.calls);
        assertEquals("call_run-1_0", ((AssistantReply.Completed) reply).toolCalls().getFirst().id());
    }

    @Test
    void argumentsBeforeTheToolsNameWaitForItAndKeepTheirFragments() {
        provider.script(Answers.stream(Sse.toolCall(0, "call_a", null, "{\"a\":"),
                Sse.toolCall(0, null, "lookup", "1}"), Sse.finish("tool_calls"), Sse.DONE));

        reply();

        assertEquals(List.of("started:call_a:lookup", "arguments:call_a:{\"a\":", "arguments:call_a:1}"),
                deltas.calls);
    }

    @Test
    void argumentsSentAsAJsonObjectRatherThanATextAreRelayedAsItsText() {
        provider.script(Answers.stream("data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                + "\"id\":\"call_a\",\"function\":{\"name\":\"f\",\"arguments\":{\"x\":1}}}]}}]}\n\n",
                Sse.finish("tool_calls"), Sse.DONE));

        AssistantReply reply = reply();

        assertEquals(List.of(new ToolCall("call_a", "f", "{\"x\":1}")), ((AssistantReply.Completed) reply).toolCalls());
    }

    @Test
    void aWholeCompletionWithToolCallsAndReasoningIsTakenWhole() {
        provider.script(Answers.status(200, "{\"model\":\"whole-model\",\"choices\":[{\"index\":0,\"message\":{"
                + "\"role\":\"assistant\",\"content\":null,\"reasoning_content\":\"Think.\",\"tool_calls\":["
                + "{\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}},"
                + "{\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"g\",\"arguments\":\"[]\"}}]},"
                + "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":7}}"));

        AssistantReply reply = reply();

        assertEquals(new AssistantReply.Completed("", "openai", "whole-model",
                List.of(new ToolCall("call_a", "f", "{}"), new ToolCall("call_b", "g", "[]")), "Think.",
                List.of(new TokenUsage("openai", "whole-model", 5, 7, -1))), reply);
    }

    @Test
    void aReplyOfReasoningAloneStillFails() {
        provider.script(Answers.stream(Sse.reasoning("Thinking…"), Sse.finish("length"), Sse.DONE));

        AssistantReply.Failed failed = assertInstanceOf(AssistantReply.Failed.class, reply());

        assertEquals(Failure.UPSTREAM_ERROR, failed.failure());
        assertTrue(failed.message().contains("no text and no tool call"), failed.message());
    }

    @Test
    void aToolNameNoToolCouldHaveFailsAsAnUpstreamError() {
        provider.script(Answers.stream(Sse.toolCall(0, "call_a", "x".repeat(ToolCall.MAX_NAME_LENGTH + 1), "{}"),
                Sse.finish("tool_calls"), Sse.DONE));

        AssistantReply.Failed failed = assertInstanceOf(AssistantReply.Failed.class, reply());

        assertEquals(Failure.UPSTREAM_ERROR, failed.failure());
        assertEquals(List.of(), deltas.calls);
    }

    @Test
    void aStreamThatBreaksAfterAToolCallFragmentIsNotRetried() {
        provider.script(Answers.streamThenCut(Sse.toolCall(0, "call_a", "f", "{")), Answers.stream(Sse.reply("x")));

        AssistantReply.Failed failed = assertInstanceOf(AssistantReply.Failed.class, reply());

        assertEquals(Failure.UNAVAILABLE, failed.failure());
        assertEquals(List.of("started:call_a:f", "arguments:call_a:{"), deltas.calls);
        assertEquals(1, provider.requestCount());
    }

    @Test
    void aToolCallFragmentIsATokenSoSilenceAfterItIsAStall() {
        assertStallAfter(Sse.toolCall(0, "call_a", "f", "{"));
    }

    @Test
    void reasoningIsATokenSoSilenceAfterItIsAStall() {
        assertStallAfter(Sse.reasoning("Hmm"));
    }

    @Test
    void aStreamThatThrowsWhenACallBeginsIsTheCallersBug() {
        provider.script(Answers.stream(Sse.toolCallReply("call_1", "f", "{}")));
        IllegalStateException bug = new IllegalStateException("consumer bug");
        AssistantPort.Stream throwing = new AssistantPort.Stream() {
            @Override
            public void accept(String delta) {
            }

            @Override
            public void toolCallStarted(String id, String name) {
                throw bug;
            }
        };

        assertSame(bug, assertThrows(IllegalStateException.class, () -> assistant.reply(Fixtures.prompt("hello"),
                throwing, new RunCancellation())));
        assertEquals(1, provider.requestCount());
    }

    /** With a first-token timeout far above the stall timeout, only the stall timer can end the run. */
    private void assertStallAfter(String firstToken) {
        provider.script(Answers.streamThenHold(Sse.role(), firstToken));
        try (AssistantAdapter stalling = Assistants.create(Fixtures.openAi(provider.baseUrl(), Fixtures.resilience()
                .timeouts(Duration.ofSeconds(30), Duration.ofMillis(300))))) {
            AssistantReply reply = stalling.reply(Fixtures.prompt("hello"), deltas, new RunCancellation());

            AssistantReply.Failed failed = assertInstanceOf(AssistantReply.Failed.class, reply);
            assertEquals(Failure.TIMEOUT, failed.failure());
            assertTrue(failed.message().contains("stalled"), failed.message());
            assertEquals(1, provider.requestCount(), "a stall after a token is not retried");
        }
    }

    private AssistantReply reply() {
        return assistant.reply(Fixtures.prompt("hello"), deltas, new RunCancellation());
    }
}

package io.parley.adapter.out.assistant;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.AssistantReply.Failure;
import io.parley.application.port.out.RunCancellation;
import io.parley.domain.conversation.ToolCall;
import io.parley.domain.protocol.AgUiEvent.TokenUsage;
import io.parley.domain.testing.LogCapture;

import static io.parley.adapter.out.assistant.AguiSse.event;
import static io.parley.adapter.out.assistant.AguiSse.json;
import static io.parley.adapter.out.assistant.AguiSse.run;
import static io.parley.adapter.out.assistant.AguiSse.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * What an AG-UI agent streams reaches the caller's stream as it comes: text, tool calls with their fragments as
 * sent, reasoning, state changes; {@code RUN_FINISHED} completes the reply with its usage, {@code RUN_ERROR} fails
 * it, and the events Parley does not relay are skipped.
 */
class AguiStreamingTest {
    private FakeAguiAgent agent;
    private AssistantAdapter assistant;
    private LogCapture logs;
    private final Fixtures.Deltas deltas = new Fixtures.Deltas();

    @BeforeEach
    void start() throws IOException {
        agent = FakeAguiAgent.start();
        assistant = Assistants.create(Fixtures.agui(agent.endpoint(), Fixtures.resilience()));
        logs = LogCapture.of(Assistants.class.getPackageName());
    }

    @AfterEach
    void stop() {
        logs.close();
        assistant.close();
        agent.close();
    }

    private AssistantReply reply(String... events) {
        agent.script(FakeAguiAgent.run(events));
        return assistant.reply(Fixtures.prompt("hello"), deltas, new RunCancellation());
    }

    @Test
    void everyPieceOfTextIsRelayedAndTheRunCompletesAsTheAgents() {
        AssistantReply reply = reply(AguiSse.textRun("Hel", "lo ", "wörld"));

        assertEquals(new AssistantReply.Completed("Hello wörld", "agui", "agent"), reply);
        assertEquals(List.of("Hel", "lo ", "wörld"), deltas.pieces);
    }

    @Test
    void severalTextMessagesAndChunksMakeOneReply() {
        AssistantReply reply = reply(run(text("m1", "One. "),
                event("TEXT_MESSAGE_CHUNK", "messageId", "m2", "delta", "Two"),
                event("TEXT_MESSAGE_CHUNK", "delta", " and"), event("TEXT_MESSAGE_CHUNK", "delta", " three.")));

        assertEquals("One. Two and three.", assertInstanceOf(AssistantReply.Completed.class, reply).text());
        assertEquals(List.of("One. ", "Two", " and", " three."), deltas.pieces);
    }

    @Test
    void twoInterleavedToolCallsKeepTheirFragmentsAsSent() {
        AssistantReply reply = reply(run(
                event("TOOL_CALL_START", "toolCallId", "c1", "toolCallName", "weather"),
                event("TOOL_CALL_START", "toolCallId", "c2", "toolCallName", "weather", "parentMessageId", "m"),
                event("TOOL_CALL_ARGS", "toolCallId", "c1", "delta", "{\"city\":"),
                event("TOOL_CALL_ARGS", "toolCallId", "c2", "delta", "{\"city\":\"Rome\"}"),
                event("TOOL_CALL_ARGS", "toolCallId", "c1", "delta", "\"Paris\"}"),
                event("TOOL_CALL_END", "toolCallId", "c2"), event("TOOL_CALL_END", "toolCallId", "c1")));

        assertEquals(List.of("started:c1:weather", "started:c2:weather", "arguments:c1:{\"city\":",
                "arguments:c2:{\"city\":\"Rome\"}", "arguments:c1:\"Paris\"}"), deltas.calls);
        assertEquals(List.of(new ToolCall("c1", "weather", "{\"city\":\"Paris\"}"),
                        new ToolCall("c2", "weather", "{\"city\":\"Rome\"}")),
                assertInstanceOf(AssistantReply.Completed.class, reply).toolCalls());
    }

    @Test
    void toolCallChunksOpenContinueAndCloseACall() {
        AssistantReply reply = reply(run(
                event("TOOL_CALL_CHUNK", "toolCallId", "c9", "toolCallName", "lookup", "delta", "{\"q\":"),
                event("TOOL_CALL_CHUNK", "delta", "\"x\"}"),
                event("TEXT_MESSAGE_CHUNK", "messageId", "m1", "delta", "Looking.")));

        assertEquals(List.of("started:c9:lookup", "arguments:c9:{\"q\":", "arguments:c9:\"x\"}", "text:Looking."),
                deltas.calls);
        assertEquals(List.of(new ToolCall("c9", "lookup", "{\"q\":\"x\"}")),
                assertInstanceOf(AssistantReply.Completed.class, reply).toolCalls());
    }

    @Test
    void reasoningIsRelayedUnderItsNewAndItsOlderNames() {
        AssistantReply reply = reply(run(event("REASONING_START", "messageId", "r1"),
                event("REASONING_MESSAGE_START", "messageId", "r1", "role", "reasoning"),
                event("REASONING_MESSAGE_CONTENT", "messageId", "r1", "delta", "Think"),
                event("REASONING_MESSAGE_END", "messageId", "r1"), event("REASONING_END", "messageId", "r1"),
                event("REASONING_MESSAGE_CHUNK", "messageId", "r2", "delta", "ing"),
                event("THINKING_START"), event("THINKING_TEXT_MESSAGE_START"),
                event("THINKING_TEXT_MESSAGE_CONTENT", "delta", " more"), event("THINKING_TEXT_MESSAGE_END"),
                event("THINKING_END"), text("m1", "Done.")));

        assertEquals(List.of("reasoning:Think", "reasoning:ing", "reasoning: more", "text:Done."), deltas.calls);
        assertEquals("Thinking more", assertInstanceOf(AssistantReply.Completed.class, reply).reasoning());
    }

    @Test
    void stateSnapshotsAndDeltasReachTheStreamAsJson() {
        AssistantReply reply = reply(run(event("STATE_SNAPSHOT", "snapshot", json("{\"todo\":[]}")),
                event("STATE_DELTA", "delta", json("[{\"op\":\"add\",\"path\":\"/todo/-\",\"value\":\"milk\"}]")),
                text("m1", "Added.")));

        assertEquals(List.of("snapshot:{\"todo\":[]}", "delta:[{\"op\":\"add\",\"path\":\"/todo/-\",\"value\":"
                + "\"milk\"}]", "text:Added."), deltas.calls);
        assertInstanceOf(AssistantReply.Completed.class, reply);
    }

    @Test
    void theUsageOfRunFinishedIsTheReplysAndTheLogLinesTotal() {
        String finished = event("RUN_FINISHED", "threadId", "t", "runId", "r", "usage", json(
                "[{\"provider\":\"openai\",\"model\":\"gpt-4o\",\"inputTokens\":12,\"outputTokens\":5},"
                        + "{\"inputTokens\":3,\"outputTokens\":2,\"reasoningTokens\":1}]"));
        agent.script(FakeAguiAgent.run(AguiSse.flat(AguiSse.runStarted(), text("m1", "Hi"), finished)));

        AssistantReply reply = assistant.reply(Fixtures.prompt("hello"), deltas, new RunCancellation());

        assertEquals(List.of(new TokenUsage("openai", "gpt-4o", 12, 5, -1), new TokenUsage("", "", 3, 2, 1)),
                assertInstanceOf(AssistantReply.Completed.class, reply).usage());
        assertEquals(1, logs.lines("event=assistant_run", "provider=agui", "outcome=completed", "finish=success",
                "prompt_tokens=15", "completion_tokens=7", "reasoning_tokens=1").size(), logs.lines().toString());
    }

    @Test
    void runErrorFailsTheReplyWithTheAgentsMessageAndThePartialText() {
        AssistantReply reply = reply(AguiSse.flat(AguiSse.runStarted(), text("m1", "Hel").subList(0, 2),
                event("RUN_ERROR", "message", "the tool crashed", "code", "tool_error")));

        assertEquals(new AssistantReply.Failed(Failure.UPSTREAM_ERROR, "the agent reported an error: the tool "
                + "crashed", "Hel", java.time.Duration.ZERO), reply);
        assertEquals(List.of("text:Hel"), deltas.calls, "an agent's own error is no broken rule");
    }

    @Test
    void stepsCustomRawSnapshotsActivityAndBackendToolResultsAreNotRelayed() {
        AssistantReply reply = reply(run(event("STEP_STARTED", "stepName", "plan"),
                event("CUSTOM", "name", "progress", "value", 1), event("RAW", "event", json("{\"x\":1}")),
                event("MESSAGES_SNAPSHOT", "messages", json("[]")),
                event("ACTIVITY_SNAPSHOT", "messageId", "a1", "activityType", "plan", "content", json("{}")),
                event("TOOL_CALL_RESULT", "messageId", "t1", "toolCallId", "c0", "content", "42"),
                event("STEP_FINISHED", "stepName", "plan"), text("m1", "42.")));

        assertEquals("42.", assertInstanceOf(AssistantReply.Completed.class, reply).text());
        assertEquals(List.of("text:42."), deltas.calls);
        assertEquals(1, logs.lines("event=assistant_run", "tool_results=1").size(), logs.lines().toString());
    }

    @Test
    void aConfiguredModelNameIsTheOneReplied() throws IOException {
        agent.script(FakeAguiAgent.run(AguiSse.textRun("Hi")));
        AguiSettings named = new AguiSettings(agent.endpoint(), "", "trip-planner", Fixtures.ms(2000),
                Fixtures.resilience().build());
        try (AssistantAdapter planner = Assistants.create(named)) {
            AssistantReply reply = planner.reply(Fixtures.prompt("hello"), deltas, new RunCancellation());

            assertEquals(new AssistantReply.Completed("Hi", "agui", "trip-planner"), reply);
            assertEquals("trip-planner", planner.model());
        }
    }
}

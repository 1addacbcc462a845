package io.parley.adapter.out.assistant;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.parley.application.port.out.AssistantPort;
import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.AssistantReply.Failure;
import io.parley.application.port.out.RunCancellation;

import static io.parley.adapter.out.assistant.AguiSse.event;
import static io.parley.adapter.out.assistant.AguiSse.flat;
import static io.parley.adapter.out.assistant.AguiSse.json;
import static io.parley.adapter.out.assistant.AguiSse.runFinished;
import static io.parley.adapter.out.assistant.AguiSse.runStarted;
import static io.parley.adapter.out.assistant.AguiSse.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * An agent that breaks the AG-UI rules the official verifier enforces is caught as the events arrive: the stream
 * is told it is {@code broken} (once), the reply fails with {@code upstream_error}, nothing is tried again. A
 * stream that merely ends early is incomplete, not broken.
 */
class AguiRulesTest {
    private FakeAguiAgent agent;
    private AssistantAdapter assistant;

    @BeforeEach
    void start() throws IOException {
        agent = FakeAguiAgent.start();
        assistant = Assistants.create(Fixtures.agui(agent.endpoint(), Fixtures.resilience()));
    }

    @AfterEach
    void stop() {
        assistant.close();
        agent.close();
    }

    static Stream<Arguments> brokenRules() {
        String call = event("TOOL_CALL_START", "toolCallId", "c1", "toolCallName", "weather");
        return Stream.of(
                arguments("the first event is not RUN_STARTED", flat(text("m1", "Hi"), runFinished()),
                        "the first event must be RUN_STARTED, not TEXT_MESSAGE_START"),
                arguments("content of a message never started", flat(runStarted(),
                        event("TEXT_MESSAGE_CONTENT", "messageId", "m1", "delta", "Hi"), runFinished()),
                        "TEXT_MESSAGE_CONTENT for the text message m1, which is not open"),
                arguments("arguments of a call never started", flat(runStarted(),
                        event("TOOL_CALL_ARGS", "toolCallId", "c1", "delta", "{}"), runFinished()),
                        "TOOL_CALL_ARGS for the tool call c1, which is not open"),
                arguments("the end of a message already ended", flat(runStarted(), text("m1", "Hi"),
                        event("TEXT_MESSAGE_END", "messageId", "m1"), runFinished()),
                        "TEXT_MESSAGE_END for the text message m1, which is not open"),
                arguments("a message started twice", flat(runStarted(), text("m1", "Hi").getFirst(),
                        text("m1", "Hi")), "TEXT_MESSAGE_START for the text message m1, which is open"),
                arguments("an event after RUN_FINISHED", flat(AguiSse.textRun("Hi"), text("m2", "more")),
                        "TEXT_MESSAGE_START after the run ended"),
                arguments("RUN_FINISHED with a text message open", flat(runStarted(),
                        text("m1", "Hi").subList(0, 2), runFinished()),
                        "RUN_FINISHED while a text message is open: [m1]"),
                arguments("RUN_FINISHED with a tool call open", flat(runStarted(), call, runFinished()),
                        "RUN_FINISHED while a tool call is open: [c1]"),
                arguments("an unknown event type", flat(runStarted(), event("TEXT_MESSAGE_BEGIN", "messageId", "m1"),
                        runFinished()), "an event of a type AG-UI does not define: TEXT_MESSAGE_BEGIN"),
                arguments("data that is a JSON array", flat(runStarted(), "data: [1,2]\n\n", runFinished()),
                        "the agent sent data that is not one JSON object: [1,2]"),
                arguments("data that is not JSON", flat(runStarted(), "data: {\"type\":\n\n", runFinished()),
                        "the agent sent data that is not one JSON object"),
                arguments("a field its type needs is missing", flat(runStarted(),
                        event("TEXT_MESSAGE_START", "messageId", "m1"),
                        event("TEXT_MESSAGE_CONTENT", "messageId", "m1"), runFinished()),
                        "TEXT_MESSAGE_CONTENT without a string delta"),
                arguments("a first chunk without an id", flat(runStarted(),
                        event("TEXT_MESSAGE_CHUNK", "delta", "Hi"), runFinished()),
                        "the first TEXT_MESSAGE_CHUNK of a stream needs a messageId"),
                arguments("a state delta that is no patch", flat(runStarted(),
                        event("STATE_DELTA", "delta", json("{\"op\":\"add\"}")), runFinished()),
                        "STATE_DELTA without a JSON Patch array as delta"),
                arguments("a tool call with an empty name", flat(runStarted(),
                        event("TOOL_CALL_START", "toolCallId", "c1", "toolCallName", ""), runFinished()),
                        "a tool call with an id or a name that is empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRules")
    void aBrokenRuleBreaksTheStreamAndFailsTheReply(String why, String[] events, String rule) {
        agent.script(FakeAguiAgent.run(events));
        Fixtures.Deltas deltas = new Fixtures.Deltas();

        AssistantReply reply = assistant.reply(Fixtures.prompt("hello"), deltas, new RunCancellation());

        AssistantReply.Failed failed = assertInstanceOf(AssistantReply.Failed.class, reply);
        assertEquals(Failure.UPSTREAM_ERROR, failed.failure());
        assertTrue(failed.message().startsWith("the agent broke the AG-UI rules: " + rule), failed.message());
        List<String> broken = deltas.calls.stream().filter(c -> c.startsWith("broken:")).toList();
        assertEquals(List.of("broken:" + failed.message()), broken);
        assertEquals(1, agent.runCount(), "a broken stream is not tried again");
    }

    @Test
    void theReplyStaysFailedWhenTellingTheStreamCancelsTheRunAsTheApplicationDoes() {
        agent.script(FakeAguiAgent.run(flat(runStarted(), event("TOOL_CALL_END", "toolCallId", "c7"))));
        RunCancellation cancellation = new RunCancellation();
        AssistantPort.Stream cancelsWhenBroken = new AssistantPort.Stream() {
            @Override
            public void accept(String delta) {
            }

            @Override
            public void broken(String reason) {
                cancellation.cancel();
            }
        };

        AssistantReply reply = assistant.reply(Fixtures.prompt("hello"), cancelsWhenBroken, cancellation);

        assertEquals(Failure.UPSTREAM_ERROR, assertInstanceOf(AssistantReply.Failed.class, reply).failure());
    }

    @Test
    void aBrokenRuleAfterTextKeepsWhatHadArrivedAsPartialText() {
        agent.script(FakeAguiAgent.run(flat(runStarted(), text("m1", "Hel").subList(0, 2),
                event("TOOL_CALL_END", "toolCallId", "c7"))));
        Fixtures.Deltas deltas = new Fixtures.Deltas();

        AssistantReply reply = assistant.reply(Fixtures.prompt("hello"), deltas, new RunCancellation());

        assertEquals("Hel", assertInstanceOf(AssistantReply.Failed.class, reply).partialText());
        assertEquals("text:Hel", deltas.calls.getFirst());
    }

    @Test
    void aStreamThatEndsBeforeRunFinishedIsIncompleteNotBroken() {
        agent.script(FakeAguiAgent.run(flat(runStarted(), text("m1", "Hel"))));
        Fixtures.Deltas deltas = new Fixtures.Deltas();

        AssistantReply reply = assistant.reply(Fixtures.prompt("hello"), deltas, new RunCancellation());

        AssistantReply.Failed failed = assertInstanceOf(AssistantReply.Failed.class, reply);
        assertEquals(Failure.UNAVAILABLE, failed.failure());
        assertEquals("the agent's stream ended before RUN_FINISHED", failed.message());
        assertEquals("Hel", failed.partialText());
        assertEquals(List.of("text:Hel"), deltas.calls);
        assertEquals(1, agent.runCount(), "the agent had begun: not tried again");
    }

    @Test
    void nothingMayFollowRunErrorWhichMayComeFirst() {
        AguiRules rules = new AguiRules();
        rules.check(json("{\"type\":\"RUN_ERROR\",\"message\":\"no such agent\"}"));

        AguiViolation after = assertThrows(AguiViolation.class,
                () -> rules.check(json("{\"type\":\"STEP_STARTED\",\"stepName\":\"s\"}")));
        assertEquals("STEP_STARTED after the run ended", after.getMessage());
    }

    @Test
    void anAnswerThatIsNoEventStreamBreaksTheRun() {
        agent.script(Answers.status(200, "{\"messages\":[]}"));
        Fixtures.Deltas deltas = new Fixtures.Deltas();

        AssistantReply reply = assistant.reply(Fixtures.prompt("hello"), deltas, new RunCancellation());

        assertEquals("the agent broke the AG-UI rules: the agent answered application/json, not an event stream",
                assertInstanceOf(AssistantReply.Failed.class, reply).message());
    }
}

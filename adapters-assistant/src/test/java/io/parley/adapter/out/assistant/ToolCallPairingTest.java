package io.parley.adapter.out.assistant;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.parley.domain.conversation.Message;

import static io.parley.adapter.out.assistant.Conversation.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pairing of tool calls and results on contexts the request tests do not build. */
class ToolCallPairingTest {

    @Test
    void aContextWhoseCallsAreAllAnsweredIsKeptAsItIs() {
        List<Message> context = Conversation.of().user("weather?")
                .assistant("", call("call_a", "get_weather", "{}")).result("call_a", "sunny").prompt().context();

        assertEquals(context, ToolCallPairing.paired(context));
    }

    @Test
    void aResultBeforeItsCallAnswersNothingAndTheCallIsUnansweredToo() {
        List<Message> context = Conversation.of().result("call_a", "sunny")
                .assistant("Looking.", call("call_a", "get_weather", "{}")).prompt().context();

        List<Message> paired = ToolCallPairing.paired(context);

        assertEquals(1, paired.size());
        assertEquals("Looking.", paired.getFirst().content());
        assertEquals(List.of(), paired.getFirst().agent().toolCalls());
    }

    @Test
    void aResultForAnotherCallThanTheOnesAskedIsLeftOutAndTheAskedCallWithIt() {
        List<Message> context = Conversation.of().user("weather?")
                .assistant("", call("call_a", "get_weather", "{}")).result("call_z", "sunny").prompt().context();

        assertEquals(List.of(context.getFirst()), ToolCallPairing.paired(context));
    }
}

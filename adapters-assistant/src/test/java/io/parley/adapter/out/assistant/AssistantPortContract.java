package io.parley.adapter.out.assistant;

import java.util.List;

import io.parley.adapter.common.resilience.CircuitState;
import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.RunCancellation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@code AssistantPort} adapter promises, run against each of them. */
abstract class AssistantPortContract {

    /** The assistant under test, ready to complete a reply. */
    abstract AssistantAdapter assistant();

    @Test
    void theDeltasJoinToTheCompletedText() {
        Fixtures.Deltas deltas = new Fixtures.Deltas();

        AssistantReply reply = assistant().reply(Fixtures.prompt("hello"), deltas, new RunCancellation());

        AssistantReply.Completed completed = assertInstanceOf(AssistantReply.Completed.class, reply);
        assertEquals(String.join("", deltas.pieces), completed.text());
        assertTrue(deltas.pieces.size() > 1, "streamed in several pieces: " + deltas.pieces);
        assertEquals(assistant().provider(), completed.provider());
    }

    @Test
    void deltasArriveOnTheCallingThread() {
        Fixtures.Deltas deltas = new Fixtures.Deltas();

        assistant().reply(Fixtures.prompt("hello"), deltas, new RunCancellation());

        assertTrue(deltas.threads.stream().allMatch(thread -> thread == Thread.currentThread()));
    }

    @Test
    void aRunCancelledBeforeItStartsSendsNothing() {
        Fixtures.Deltas deltas = new Fixtures.Deltas();
        RunCancellation cancellation = new RunCancellation();
        cancellation.cancel();

        AssistantReply reply = assistant().reply(Fixtures.prompt("hello"), deltas, cancellation);

        assertEquals(new AssistantReply.Cancelled(""), reply);
        assertEquals(List.of(), deltas.pieces);
    }

    @Test
    void aPromptWithoutContextIsStillAnswered() {
        AssistantReply reply = assistant().reply(Fixtures.prompt(), text -> { }, new RunCancellation());

        assertInstanceOf(AssistantReply.Completed.class, reply);
    }

    @Test
    void theCircuitOfAHealthyAssistantIsClosed() {
        assistant().reply(Fixtures.prompt("hello"), text -> { }, new RunCancellation());

        assertEquals(CircuitState.CLOSED, assistant().circuitState());
    }
}

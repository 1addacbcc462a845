package io.parley.adapter.out.assistant;

import org.junit.jupiter.api.Test;

import io.parley.adapter.common.resilience.CircuitState;
import io.parley.application.port.out.AssistantPortContract;
import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.RunCancellation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The port's contract, and what Parley's own assistants promise beyond it: several pieces, a named provider. */
abstract class AssistantAdapterContract extends AssistantPortContract {

    @Override
    protected abstract AssistantAdapter assistant();

    @Test
    void theReplyStreamsInSeveralPiecesFromTheNamedProvider() {
        Fixtures.Deltas deltas = new Fixtures.Deltas();

        AssistantReply reply = assistant().reply(Fixtures.prompt("hello"), deltas, new RunCancellation());

        AssistantReply.Completed completed = assertInstanceOf(AssistantReply.Completed.class, reply);
        assertTrue(deltas.pieces.size() > 1, "streamed in several pieces: " + deltas.pieces);
        assertEquals(assistant().provider(), completed.provider());
    }

    @Test
    void theCircuitOfAHealthyAssistantIsClosed() {
        assistant().reply(Fixtures.prompt("hello"), text -> { }, new RunCancellation());

        assertEquals(CircuitState.CLOSED, assistant().circuitState());
    }
}

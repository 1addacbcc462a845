package io.parley.application.port.out;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.ConversationState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link ConversationStatePort} does: no state is version 0; a change is a compare and set on the
 * version, so of changes made to one version exactly one wins, also from two nodes; forgetting starts over. Each
 * test makes up its own conversations, so a shared database may hold others.
 */
public abstract class ConversationStatePortContract {

    /** The states under test. */
    protected abstract ConversationStatePort states();

    /** The same states as another node sees them (the same object where there is only one node). */
    protected ConversationStatePort otherNode() {
        return states();
    }

    private final ConversationId room = new ConversationId("state-" + UUID.randomUUID());

    @Test
    void aConversationWithoutStateIsAtVersionZero() {
        ConversationState none = states().state(room);
        assertEquals(0, none.version());
        assertFalse(none.exists());
    }

    @Test
    void eachChangeRaisesTheVersionAndIsReadBackOnEveryNode() {
        ConversationState first = states().state(room).next("{\"todo\":[\"milk\"]}");
        assertTrue(states().replace(first));
        ConversationState second = first.next("{\"todo\":[\"milk\",\"eggs\"],\"done\":true}");
        assertTrue(otherNode().replace(second));
        assertEquals(second, states().state(room));
        assertEquals(second, otherNode().state(room));
    }

    @Test
    void aChangeToAVersionThatMovedOnIsRefusedAndChangesNothing() {
        ConversationState first = states().state(room).next("{\"a\":1}");
        assertTrue(states().replace(first));
        assertFalse(otherNode().replace(states().state(room).next("{\"b\":2}").next("{\"c\":3}")),
                "version 3 needs the state at 2");
        assertFalse(otherNode().replace(ConversationState.none(room).next("{\"first\":\"again\"}")),
                "a second version 1");
        assertEquals(first, states().state(room));
    }

    @Test
    void ofChangesRacingToOneVersionExactlyOneWins() throws Exception {
        assertTrue(states().replace(ConversationState.none(room).next("{\"n\":0}")));
        int racers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                ConversationStatePort node = i % 2 == 0 ? states() : otherNode();
                String json = "{\"n\":" + (i + 1) + "}";
                results.add(pool.submit(() -> {
                    start.await();
                    return node.replace(new ConversationState(room, 2, json));
                }));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> result : results) {
                won += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(1, won);
            assertEquals(2, states().state(room).version());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aForgottenStateStartsOverAtVersionZero() {
        assertTrue(states().replace(ConversationState.none(room).next("{\"x\":1}")));
        states().forget(room);
        assertEquals(ConversationState.none(room), otherNode().state(room));
        assertTrue(otherNode().replace(ConversationState.none(room).next("{\"y\":2}")));
    }
}

package io.parley.application.port.out;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.parley.application.port.out.PresencePort.Present;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every presence must do, seen from one node: a user arrives with their first connection in a conversation
 * and departs with their last, each user and conversation apart; arriving twice with one connection counts it
 * once, departing with a connection that is not there is no departure; {@code present} lists users in the order
 * of their ids (as text: these ids sort alike byte by byte and character by character), with their connection
 * counts, at most {@code limit}. Each adapter runs this suite with a subclass that supplies a fresh presence;
 * every test makes up its own conversation ids, so what earlier tests left does not matter.
 */
public abstract class PresencePortContract {
    protected static final UserId ALICE = new UserId("alice");
    protected static final UserId BOB = new UserId("bob");

    private PresencePort presence;
    private String run;

    /** A presence of one node, knowing nothing of the conversations this test makes up. */
    protected abstract PresencePort newPresence();

    @BeforeEach
    void freshPresence() {
        presence = newPresence();
        run = UUID.randomUUID().toString();
    }

    /** The presence under test. */
    protected PresencePort presence() {
        return presence;
    }

    /** A conversation of this test alone. */
    protected ConversationId conversation(String name) {
        return new ConversationId(name + "-" + run);
    }

    /** A connection of this test alone. */
    protected ConnectionId connection(String name) {
        return new ConnectionId(name + "-" + run);
    }

    @Test
    void aUserArrivesWithTheFirstConnectionAndDepartsWithTheLast() {
        ConversationId c = conversation("c");
        assertTrue(presence.arrived(c, ALICE, connection("a1")), "first connection");
        assertFalse(presence.arrived(c, ALICE, connection("a2")), "second connection");
        assertFalse(presence.arrived(c, ALICE, connection("a3")), "third connection");
        assertEquals(List.of(new Present(ALICE, 3)), presence.present(c, 10));
        assertFalse(presence.departed(c, ALICE, connection("a2")), "one of three left");
        assertFalse(presence.departed(c, ALICE, connection("a1")), "two of three left");
        assertEquals(List.of(new Present(ALICE, 1)), presence.present(c, 10));
        assertTrue(presence.departed(c, ALICE, connection("a3")), "the last one");
        assertEquals(List.of(), presence.present(c, 10));
    }

    @Test
    void eachUserAndEachConversationCountApart() {
        ConversationId c = conversation("c");
        ConversationId d = conversation("d");
        assertTrue(presence.arrived(c, ALICE, connection("a1")));
        assertTrue(presence.arrived(c, BOB, connection("b1")), "another user");
        assertTrue(presence.arrived(d, ALICE, connection("a1")), "the same connection in another conversation");
        assertFalse(presence.arrived(d, ALICE, connection("a2")));
        assertTrue(presence.departed(c, ALICE, connection("a1")), "alice leaves c");
        assertEquals(List.of(new Present(BOB, 1)), presence.present(c, 10));
        assertEquals(List.of(new Present(ALICE, 2)), presence.present(d, 10), "and stays in d");
        assertTrue(presence.departed(c, BOB, connection("b1")));
    }

    @Test
    void arrivingTwiceWithOneConnectionCountsItOnce() {
        ConversationId c = conversation("c");
        assertTrue(presence.arrived(c, ALICE, connection("a1")));
        assertFalse(presence.arrived(c, ALICE, connection("a1")), "already there");
        assertEquals(List.of(new Present(ALICE, 1)), presence.present(c, 10));
        assertTrue(presence.departed(c, ALICE, connection("a1")), "one departure ends it");
    }

    @Test
    void departingWithAConnectionThatIsNotThereIsNoDeparture() {
        ConversationId c = conversation("c");
        assertFalse(presence.departed(c, ALICE, connection("a1")), "nobody in the conversation");
        assertTrue(presence.arrived(c, ALICE, connection("a1")));
        assertFalse(presence.departed(c, ALICE, connection("a2")), "a connection that never arrived");
        assertFalse(presence.departed(c, BOB, connection("b1")), "a user who never arrived");
        assertFalse(presence.departed(conversation("other"), ALICE, connection("a1")), "another conversation");
        assertEquals(List.of(new Present(ALICE, 1)), presence.present(c, 10));
        assertTrue(presence.departed(c, ALICE, connection("a1")));
        assertFalse(presence.departed(c, ALICE, connection("a1")), "departed already");
        assertEquals(List.of(), presence.present(c, 10));
    }

    @Test
    void aUserWhoDepartedArrivesFirstAgain() {
        ConversationId c = conversation("c");
        assertTrue(presence.arrived(c, ALICE, connection("a1")));
        assertTrue(presence.departed(c, ALICE, connection("a1")));
        assertTrue(presence.arrived(c, ALICE, connection("a1")), "the same connection, back");
        assertTrue(presence.departed(c, ALICE, connection("a1")));
        assertTrue(presence.arrived(c, ALICE, connection("a2")), "another connection");
        assertEquals(List.of(new Present(ALICE, 1)), presence.present(c, 10));
    }

    @Test
    void presentListsTheUsersInTheOrderOfTheirIdsWithTheirConnectionCounts() {
        ConversationId c = conversation("c");
        List<String> names = List.of("zoe", "bob", "Adam", "9lives", "b.c", "alice");
        for (int i = 0; i < names.size(); i++) {
            for (int k = 0; k <= i % 3; k++) {
                presence.arrived(c, new UserId(names.get(i)), connection("u" + i + "-" + k));
            }
        }
        assertEquals(List.of(new Present(new UserId("9lives"), 1), new Present(new UserId("Adam"), 3),
                new Present(ALICE, 3), new Present(new UserId("b.c"), 2), new Present(BOB, 2),
                new Present(new UserId("zoe"), 1)), presence.present(c, 100), "1, 2, 3, 1, 2, 3 connections");
        assertEquals(List.of(), presence.present(conversation("empty"), 100));
    }

    @Test
    void presentStopsAtTheLimit() {
        ConversationId c = conversation("c");
        for (String name : List.of("erin", "dave", "carol", "bob", "alice")) {
            presence.arrived(c, new UserId(name), connection(name));
        }
        assertEquals(List.of(new Present(ALICE, 1), new Present(BOB, 1)), presence.present(c, 2));
        assertEquals(1, presence.present(c, 1).size());
        assertEquals(5, presence.present(c, 5).size());
        assertEquals(List.of(), presence.present(c, 0));
    }

    @Test
    void aRefreshOfALoneNodeDepartsNobodyAndKeepsEveryone() {
        ConversationId c = conversation("c");
        presence.arrived(c, ALICE, connection("a1"));
        presence.arrived(c, BOB, connection("b1"));
        presence.arrived(c, BOB, connection("b2"));
        assertEquals(List.of(), presence.refresh());
        assertEquals(List.of(new Present(ALICE, 1), new Present(BOB, 2)), presence.present(c, 10));
        assertFalse(presence.arrived(c, ALICE, connection("a2")), "still there after the refresh");
        assertFalse(presence.departed(c, BOB, connection("b1")));
        assertTrue(presence.departed(c, BOB, connection("b2")));
    }
}

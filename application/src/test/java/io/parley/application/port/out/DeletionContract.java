package io.parley.application.port.out;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.application.port.out.ConversationStorePort.Enrollment;
import io.parley.application.port.out.ConversationStorePort.Membership;
import io.parley.application.port.out.ConversationStorePort.RoleChange;
import io.parley.application.testing.AtOnce;
import io.parley.application.testing.Eventually;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.Conversation;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Member;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.Role;

import static io.parley.application.port.out.ConversationStoreContract.ALICE;
import static io.parley.application.port.out.ConversationStoreContract.BOB;
import static io.parley.application.port.out.ConversationStoreContract.T0;
import static io.parley.application.port.out.ConversationStoreContract.offsets;
import static io.parley.application.port.out.ConversationStoreContract.offsetsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deletion part of {@link ConversationStoreContract}: a deleted conversation does not exist, its members and
 * messages are gone, and once created again its offsets go on after the old ones while the old message ids are
 * forgotten. A delete racing appends, creators or other deletes leaves no half state.
 */
public interface DeletionContract extends StoreUnderTest {

    @Test
    default void aDeletedConversationDoesNotExistAndNothingOfItRemains() {
        UserId member = freshUser("member");
        store().enroll(conversation(), ALICE, Optional.empty(), T0);
        store().enroll(conversation(), member, Optional.of(Role.MEMBER), T0);
        List.of("m1", "m2", "m3").forEach(id -> storedNow(message(conversation(), id)));

        assertTrue(store().delete(conversation()));

        assertTrue(store().find(conversation()).isEmpty());
        assertEquals(0, store().latestOffset(conversation()));
        assertEquals(List.of(), store().messages(conversation(), MessageRange.after(0, 10)));
        assertEquals(List.of(), store().messages(conversation(), MessageRange.newest(10)));
        assertEquals(List.of(), List.copyOf(store().storedIds(conversation(), List.of(new MessageId("m1")))));
        assertEquals(Optional.empty(), store().roleOf(conversation(), ALICE));
        assertEquals(List.of(), store().members(conversation(), Optional.empty(), 10));
        assertEquals(List.of(), store().memberships(member, Optional.empty(), 10));
        assertInstanceOf(Appended.NoSuchConversation.class, store().append(message(conversation(), "m4")));
        assertInstanceOf(Enrollment.NoSuchConversation.class,
                store().enroll(conversation(), ALICE, Optional.of(Role.MEMBER), false, T1));
        assertInstanceOf(RoleChange.NoSuchConversation.class,
                store().setRole(conversation(), ALICE, Role.OWNER, false, T1));
        assertEquals(Optional.empty(), store().removeMember(conversation(), member));
        assertTrue(store().find(conversation()).isEmpty(), "nothing above created it again");
        assertFalse(store().delete(conversation()), "it is already gone");
    }

    @Test
    default void deletingAConversationThatNeverExistedIsFalse() {
        assertFalse(store().delete(conversation()));
        assertTrue(store().find(conversation()).isEmpty());
        store().enroll(conversation(), ALICE, Optional.empty(), T0);
        assertTrue(store().delete(conversation()), "an empty conversation is deleted too");
    }

    @Test
    default void enrollingCreatesADeletedConversationAgainAndItsOffsetsGoOn() {
        store().enroll(conversation(), ALICE, Optional.empty(), T0);
        store().enroll(conversation(), BOB, Optional.of(Role.MEMBER), T0);
        Message old = storedNow(message(conversation(), "m1"));
        List.of("m2", "m3").forEach(id -> storedNow(message(conversation(), id)));
        store().delete(conversation());

        assertEquals(new Enrollment.Enrolled(Role.OWNER, true),
                store().enroll(conversation(), BOB, Optional.of(Role.VIEWER), T1));

        Conversation again = store().find(conversation()).orElseThrow();
        assertEquals(new Conversation(conversation(), T1, List.of(new Member(BOB, Role.OWNER)), 3), again);
        assertEquals(3, store().latestOffset(conversation()));
        assertEquals(List.of(), store().messages(conversation(), MessageRange.newest(10)));
        assertInstanceOf(Enrollment.NotAdmitted.class, store().enroll(conversation(), ALICE, Optional.empty(), T1),
                "the old members are gone");
        Message reused = storedNow(message(conversation(), "m1"));
        assertEquals(4, reused.offset(), "an old id is stored anew, after the old offsets");
        assertEquals(old.id(), reused.id());
        assertEquals(offsets(4, 5), offsetsOf(List.of(reused, storedNow(message(conversation(), "m5")))));
        assertEquals(offsets(4, 5), offsetsOf(store().messages(conversation(), MessageRange.newest(10))));
        assertEquals(List.of(), store().messages(conversation(), MessageRange.before(4, 10)));
    }

    @Test
    default void setRoleCreatesADeletedConversationAgainAndItsOffsetsGoOn() {
        store().enroll(conversation(), ALICE, Optional.empty(), T0);
        List.of("m1", "m2").forEach(id -> storedNow(message(conversation(), id)));
        store().delete(conversation());

        assertEquals(new RoleChange.Changed(Optional.empty(), true),
                store().setRole(conversation(), ALICE, Role.VIEWER, true, T1));

        assertEquals(new Conversation(conversation(), T1, List.of(new Member(ALICE, Role.VIEWER)), 2),
                store().find(conversation()).orElseThrow(), "the old owner is back only in the role given");
        assertEquals(3, storedNow(message(conversation(), "m1")).offset());
    }

    @Test
    default void offsetsGoOnAcrossEveryDeletion() {
        ConversationId empty = conversation("empty");
        store().enroll(empty, ALICE, Optional.empty(), T0);
        store().delete(empty);
        store().enroll(empty, ALICE, Optional.empty(), T1);
        assertEquals(1, storedNow(message(empty, "m1")).offset(), "nothing was given before");

        long expected = 0;
        for (int life = 1; life <= 3; life++) {
            store().enroll(conversation(), ALICE, Optional.empty(), T0);
            assertEquals(expected, store().latestOffset(conversation()));
            for (int i = 0; i < life; i++) {
                assertEquals(++expected, storedNow(message(conversation(), "m" + i)).offset());
            }
            assertTrue(store().delete(conversation()));
        }
        store().setRole(conversation(), BOB, Role.OWNER, true, T1);
        assertEquals(expected + 1, storedNow(message(conversation(), "m0")).offset());
    }

    @Test
    default void theMembersOfADeletedConversationLoseItFromTheirMemberships() {
        UserId user = freshUser("member");
        for (String suffix : List.of("a", "b", "c")) {
            store().enroll(conversation(suffix), user, Optional.empty(), T0);
        }
        store().enroll(conversation("b"), BOB, Optional.of(Role.MEMBER), T0);

        store().delete(conversation("b"));

        assertEquals(List.of(new Membership(conversation("a"), Role.OWNER, 0),
                new Membership(conversation("c"), Role.OWNER, 0)), store().memberships(user, Optional.empty(), 10));
        store().enroll(conversation("b"), BOB, Optional.empty(), T1);
        assertEquals(2, store().memberships(user, Optional.empty(), 10).size(), "nor do they get it back");
        assertEquals(Optional.empty(), store().roleOf(conversation("b"), user));
    }

    @Test
    default void aDeleteAmidAppendsLeavesNoHalfState() throws Exception {
        store().enroll(conversation(), ALICE, Optional.empty(), T0);
        int senders = 6;
        CountDownLatch underWay = new CountDownLatch(senders);
        AtomicBoolean deleted = new AtomicBoolean();
        List<List<Appended>> outcomes = AtOnce.run(senders + 1, sender -> {
            List<Appended> mine = new ArrayList<>();
            if (sender == senders) {
                try {
                    assertTrue(underWay.await(Eventually.PATIENCE.toSeconds(), TimeUnit.SECONDS), "appends land");
                    assertTrue(store().delete(conversation()));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    deleted.set(true);
                }
                return mine;
            }
            for (int i = 0; i < 100_000; i++) {
                boolean afterTheDelete = deleted.get();
                mine.add(store().append(message(conversation(), "s" + sender + "-" + i)));
                if (i == 2) {
                    underWay.countDown();
                }
                if (mine.getLast() instanceof Appended.NoSuchConversation || afterTheDelete) {
                    break;
                }
            }
            return mine;
        });
        List<Long> stored = new ArrayList<>();
        for (List<Appended> mine : outcomes.subList(0, senders)) {
            assertInstanceOf(Appended.NoSuchConversation.class, mine.getLast(), "once deleted it stays missing");
            mine.subList(0, mine.size() - 1).forEach(a -> stored.add(assertInstanceOf(Appended.Stored.class, a)
                    .message().offset()));
        }
        assertEquals(offsets(1, stored.size()), stored.stream().sorted().toList(), "appends before the delete");
        assertTrue(store().find(conversation()).isEmpty());
        assertEquals(List.of(), store().messages(conversation(), MessageRange.after(0, MessageRange.MAX_LIMIT)));

        store().enroll(conversation(), ALICE, Optional.empty(), T1);
        assertEquals(stored.size(), store().latestOffset(conversation()), "the last offset given before the delete");
        assertEquals(List.of(), store().messages(conversation(), MessageRange.after(0, MessageRange.MAX_LIMIT)),
                "every append that landed was erased");
        assertEquals(stored.size() + 1L, storedNow(message(conversation(), "s1-0")).offset());
    }

    @Test
    default void creatorsRacingForADeletedConversationCreateItOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            ConversationId id = conversation("round-" + round);
            store().enroll(id, ALICE, Optional.empty(), T0);
            storedNow(message(id, "m1"));
            store().delete(id);
            List<Object> outcomes = AtOnce.run(3, i -> i == 0
                    ? store().setRole(id, ALICE, Role.MEMBER, true, T1)
                    : store().enroll(id, new UserId("user" + i), Optional.of(Role.VIEWER), T1));
            long created = outcomes.stream().filter(o -> o.equals(new RoleChange.Changed(Optional.empty(), true))
                    || o.equals(new Enrollment.Enrolled(Role.OWNER, true))).count();
            assertEquals(1, created, outcomes.toString());
            assertEquals(3, store().members(id, Optional.empty(), 10).size());
            assertEquals(1, store().latestOffset(id));
            assertEquals(2, storedNow(message(id, "m1")).offset());
        }
    }

    @Test
    default void concurrentDeletesSucceedOnce() throws Exception {
        store().enroll(conversation(), ALICE, Optional.empty(), T0);
        storedNow(message(conversation(), "m1"));
        List<Boolean> outcomes = AtOnce.run(4, i -> store().delete(conversation()));
        assertEquals(1, outcomes.stream().filter(Boolean::booleanValue).count(), outcomes.toString());
        assertTrue(store().find(conversation()).isEmpty());
    }
}

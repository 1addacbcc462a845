package io.parley.application.port.out;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.parley.application.port.out.ConversationStorePort.Enrollment;
import io.parley.application.port.out.ConversationStorePort.Membership;
import io.parley.application.port.out.ConversationStorePort.RoleChange;
import io.parley.application.testing.AtOnce;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.Conversation;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Member;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.Role;

import static io.parley.application.port.out.ConversationStoreContract.ALICE;
import static io.parley.application.port.out.ConversationStoreContract.BOB;
import static io.parley.application.port.out.ConversationStoreContract.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The roles part of {@link ConversationStoreContract}: reading, setting and removing a member's role, and listing a
 * conversation's members and a user's memberships page by page. What the port leaves open is decided here: setting
 * the role a member already has reports it as the previous one; a conversation outlives its last member (only
 * {@code delete} ends it); an {@code after} cursor need not name a member or a conversation; the order is that of
 * the ids' text, and the ids used here sort alike in every collation a database may use.
 */
public interface MembershipContract extends StoreUnderTest {
    UserId CAROL = new UserId("carol");

    @Test
    default void roleOfIsTheStoredRoleAndEmptyForNonMembersAndMissingConversations() {
        store().enroll(conversation(), ALICE, Optional.empty(), T0);
        store().enroll(conversation(), BOB, Optional.of(Role.VIEWER), T0);
        assertEquals(Optional.of(Role.OWNER), store().roleOf(conversation(), ALICE));
        assertEquals(Optional.of(Role.VIEWER), store().roleOf(conversation(), BOB));
        assertEquals(Optional.empty(), store().roleOf(conversation(), CAROL));
        assertEquals(Optional.empty(), store().roleOf(conversation("missing"), ALICE));
    }

    @Test
    default void setRoleChangesAMembersRoleAndAddsANonMember() {
        store().enroll(conversation(), ALICE, Optional.empty(), T0);
        assertEquals(new RoleChange.Changed(Optional.empty(), false),
                store().setRole(conversation(), BOB, Role.VIEWER, false, T1));
        assertEquals(new RoleChange.Changed(Optional.of(Role.VIEWER), false),
                store().setRole(conversation(), BOB, Role.MEMBER, false, T1));
        assertEquals(new RoleChange.Changed(Optional.of(Role.OWNER), false),
                store().setRole(conversation(), ALICE, Role.VIEWER, true, T1), "the last owner may be demoted");
        assertEquals(new RoleChange.Changed(Optional.of(Role.VIEWER), false),
                store().setRole(conversation(), ALICE, Role.VIEWER, false, T1), "the same role again");
        Conversation changed = store().find(conversation()).orElseThrow();
        assertEquals(List.of(new Member(ALICE, Role.VIEWER), new Member(BOB, Role.MEMBER)),
                store().members(conversation(), Optional.empty(), 10));
        assertEquals(T0, changed.createdAt());
        assertEquals(Optional.of(Role.MEMBER), changed.roleOf(BOB));
        assertEquals(new Enrollment.Enrolled(Role.MEMBER, false),
                store().enroll(conversation(), BOB, Optional.of(Role.VIEWER), false, T1), "enrol keeps the role set");
    }

    @Test
    default void setRoleOnAMissingConversationCreatesItOnlyWhenAllowed() {
        assertInstanceOf(RoleChange.NoSuchConversation.class,
                store().setRole(conversation(), ALICE, Role.MEMBER, false, T0));
        assertTrue(store().find(conversation()).isEmpty());
        assertEquals(new RoleChange.Changed(Optional.empty(), true),
                store().setRole(conversation(), ALICE, Role.MEMBER, true, T1));
        Conversation created = store().find(conversation()).orElseThrow();
        assertEquals(List.of(new Member(ALICE, Role.MEMBER)), created.members(), "its only member, in that role");
        assertEquals(T1, created.createdAt());
        assertEquals(0, created.latestOffset());
        assertEquals(1, storedNow(message(conversation(), "first")).offset());
    }

    @Test
    default void removingAMemberReportsItsRoleOnceAndTheConversationOutlivesItsLastMember() {
        store().enroll(conversation(), ALICE, Optional.empty(), T0);
        store().enroll(conversation(), BOB, Optional.of(Role.MEMBER), T0);
        assertEquals(Optional.of(Role.MEMBER), store().removeMember(conversation(), BOB));
        assertEquals(Optional.empty(), store().removeMember(conversation(), BOB));
        assertEquals(Optional.empty(), store().roleOf(conversation(), BOB));
        assertInstanceOf(Enrollment.NotAdmitted.class, store().enroll(conversation(), BOB, Optional.empty(), T0));
        assertEquals(Optional.empty(), store().removeMember(conversation(), CAROL));
        assertEquals(Optional.empty(), store().removeMember(conversation("missing"), ALICE));

        assertEquals(Optional.of(Role.OWNER), store().removeMember(conversation(), ALICE));
        assertEquals(List.of(), store().find(conversation()).orElseThrow().members());
        assertEquals(List.of(), store().members(conversation(), Optional.empty(), 10));
        assertEquals(1, storedNow(message(conversation(), "still-here")).offset());
        assertEquals(new Enrollment.Enrolled(Role.VIEWER, false),
                store().enroll(conversation(), BOB, Optional.of(Role.VIEWER), false, T0), "not created again");
    }

    @Test
    default void membersComePageByPageInUserIdOrder() {
        List<String> names = List.of("erin", "bob", "grace", "alice", "frank", "carol", "dave");
        store().enroll(conversation(), new UserId(names.getFirst()), Optional.empty(), T0);
        names.stream().skip(1).forEach(name -> store().enroll(conversation(), new UserId(name),
                Optional.of(name.equals("carol") ? Role.VIEWER : Role.MEMBER), T0));
        assertEquals(List.of(new Member(ALICE, Role.MEMBER), new Member(BOB, Role.MEMBER),
                new Member(CAROL, Role.VIEWER)), store().members(conversation(), Optional.empty(), 3));
        assertEquals(List.of("dave", "erin", "frank"), users(store().members(conversation(), Optional.of(CAROL), 3)));
        assertEquals(Role.OWNER, store().members(conversation(), Optional.of(new UserId("dave")), 1).getFirst().role());
        assertEquals(List.of("grace"), users(store().members(conversation(), Optional.of(new UserId("frank")), 3)));
        assertEquals(List.of(), store().members(conversation(), Optional.of(new UserId("grace")), 3));
        assertEquals(List.of("carol", "dave"), users(store().members(conversation(), Optional.of(new UserId("c")), 2)),
                "after is exclusive and need not be a member");
        assertEquals(names.stream().sorted().toList(), users(store().members(conversation(), Optional.empty(),
                MessageRange.MAX_LIMIT)));
        assertEquals(List.of(), store().members(conversation("missing"), Optional.empty(), 10));
    }

    @Test
    default void membershipsComePageByPageInConversationIdOrderWithRoleAndLatestOffset() {
        UserId user = freshUser("member");
        List<ConversationId> joined = new ArrayList<>();
        for (int i : List.of(4, 1, 5, 3, 2)) {
            joined.add(conversation("m" + i));
            store().enroll(joined.getLast(), ALICE, Optional.empty(), T0);
            store().enroll(joined.getLast(), user, Optional.of(i == 3 ? Role.VIEWER : Role.MEMBER), T0);
            IntStream.rangeClosed(1, i).forEach(m -> storedNow(message(joined.getLast(), "m" + m)));
        }
        store().setRole(conversation("m6"), user, Role.OWNER, true, T0);
        store().enroll(conversation("elsewhere"), ALICE, Optional.empty(), T0);

        assertEquals(List.of(new Membership(conversation("m1"), Role.MEMBER, 1),
                        new Membership(conversation("m2"), Role.MEMBER, 2)),
                store().memberships(user, Optional.empty(), 2));
        assertEquals(List.of(new Membership(conversation("m3"), Role.VIEWER, 3),
                        new Membership(conversation("m4"), Role.MEMBER, 4)),
                store().memberships(user, Optional.of(conversation("m2")), 2));
        assertEquals(List.of(new Membership(conversation("m5"), Role.MEMBER, 5),
                        new Membership(conversation("m6"), Role.OWNER, 0)),
                store().memberships(user, Optional.of(conversation("m4")), 2));
        assertEquals(List.of(), store().memberships(user, Optional.of(conversation("m6")), 2));
        assertEquals(List.of(conversation("m3"), conversation("m4")), store().memberships(user,
                Optional.of(conversation("m25")), 2).stream().map(Membership::conversation).toList());
        assertEquals(6, store().memberships(user, Optional.empty(), MessageRange.MAX_LIMIT).size());
        assertEquals(List.of(), store().memberships(freshUser("nobody"), Optional.empty(), 10));
    }

    @Test
    default void pagesOutsideOneToTheMaximumAreRefused() {
        store().enroll(conversation(), ALICE, Optional.empty(), T0);
        for (int limit : new int[] {0, -1, MessageRange.MAX_LIMIT + 1, Integer.MAX_VALUE}) {
            assertThrows(IllegalArgumentException.class, () -> store().members(conversation(), Optional.empty(), limit));
            assertThrows(IllegalArgumentException.class,
                    () -> store().members(conversation("missing"), Optional.empty(), limit));
            assertThrows(IllegalArgumentException.class, () -> store().memberships(ALICE, Optional.empty(), limit));
        }
        assertEquals(1, store().members(conversation(), Optional.empty(), 1).size());
    }

    @Test
    default void setRoleAndEnrollRacingOnAMissingConversationCreateItOnce() throws Exception {
        for (int round = 0; round < 10; round++) {
            ConversationId fresh = conversation("race-" + round);
            List<Object> outcomes = AtOnce.run(2, i -> i == 0
                    ? store().setRole(fresh, ALICE, Role.MEMBER, true, T0)
                    : store().enroll(fresh, BOB, Optional.of(Role.VIEWER), T0));
            List<Member> members = store().members(fresh, Optional.empty(), 10);
            if (outcomes.getFirst().equals(new RoleChange.Changed(Optional.empty(), true))) {
                assertEquals(new Enrollment.Enrolled(Role.VIEWER, false), outcomes.getLast());
                assertEquals(List.of(new Member(ALICE, Role.MEMBER), new Member(BOB, Role.VIEWER)), members);
            } else {
                assertEquals(List.of(new RoleChange.Changed(Optional.empty(), false),
                        new Enrollment.Enrolled(Role.OWNER, true)), outcomes);
                assertEquals(List.of(new Member(ALICE, Role.MEMBER), new Member(BOB, Role.OWNER)), members);
            }
        }
    }

    @Test
    default void severalSetRolesOnAMissingConversationCreateItOnce() throws Exception {
        List<RoleChange> outcomes = AtOnce.run(6, i -> store().setRole(conversation(), new UserId("user" + i),
                Role.VIEWER, true, T0));
        assertEquals(1, outcomes.stream().filter(new RoleChange.Changed(Optional.empty(), true)::equals).count(),
                outcomes.toString());
        assertEquals(5, outcomes.stream().filter(new RoleChange.Changed(Optional.empty(), false)::equals).count(),
                outcomes.toString());
        assertEquals(IntStream.range(0, 6).mapToObj(i -> new Member(new UserId("user" + i), Role.VIEWER)).toList(),
                store().members(conversation(), Optional.empty(), 10));
    }

    @Test
    default void concurrentRemovalsOfOneMemberReportItsRoleOnce() throws Exception {
        store().enroll(conversation(), ALICE, Optional.empty(), T0);
        store().enroll(conversation(), BOB, Optional.of(Role.MEMBER), T0);
        List<Optional<Role>> outcomes = AtOnce.run(4, i -> store().removeMember(conversation(), BOB));
        assertEquals(1, outcomes.stream().filter(Optional::isPresent).count(), outcomes.toString());
        assertEquals(List.of(new Member(ALICE, Role.OWNER)), store().members(conversation(), Optional.empty(), 10));
    }

    private static List<String> users(List<Member> members) {
        return members.stream().map(m -> m.user().value()).toList();
    }
}

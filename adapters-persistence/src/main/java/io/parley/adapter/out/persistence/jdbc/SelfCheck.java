package io.parley.adapter.out.persistence.jdbc;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import io.helidon.dbclient.DbTransaction;

import io.parley.adapter.out.persistence.jdbc.JdbcStoreSettings.Setting;
import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.application.port.out.ConversationStorePort.Enrollment;
import io.parley.application.port.out.ConversationStorePort.Membership;
import io.parley.application.port.out.ConversationStorePort.RoleChange;
import io.parley.application.port.out.RunLeasePort.Acquisition;
import io.parley.application.port.out.RunLeasePort.RunLease;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.AgentParts;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.ConversationState;
import io.parley.domain.conversation.Member;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.Role;
import io.parley.domain.conversation.ToolCall;
import io.parley.domain.run.RunId;

/**
 * Before the store opens, runs the statements it lives on (enrol; append text, tool calls with reasoning and a tool
 * result, and read them back; trim, set a role, list members and memberships, remove a member, delete, create again;
 * acquire, take over, renew, find, reap and release a run lease; set, change and forget a shared state) on a
 * conversation of its own, in one transaction that it rolls back: a database the store cannot use fails here, once,
 * not on every call.
 */
final class SelfCheck {
    /** The probe's leases end in 1970: reaping up to then finds no other node's lease. */
    private static final Instant LONG_AGO = Instant.EPOCH;

    private SelfCheck() {
    }

    static void run(Database database, JdbcStoreSettings settings) {
        String run = UUID.randomUUID().toString();
        ConversationId conversation = new ConversationId("parley-self-check-" + run);
        UserId user = new UserId("parley-self-check");
        UserId viewer = new UserId("parley-self-check-" + run);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<NewMessage> probes = probes(conversation, user, now);
        List<Object> outcome = database.rolledBack("self-check", tx -> {
            Enrollments.enroll(tx, conversation, user, Optional.empty(), true, now);
            List<Appended> appended = AppendTransaction.store(tx, probes,
                    AppendTransaction.RowLock.of(settings));
            List<Message> read = JdbcConversationStore.page(tx, conversation, 0, Long.MAX_VALUE, 10);
            long trimmed = Retention.trim(tx, new Retention.Trim(conversation.value(), probes.size()));
            RoleChange added = Enrollments.setRole(tx, conversation, viewer, Role.VIEWER, false, now);
            List<Member> members = Memberships.members(tx, conversation, Optional.empty(), 10);
            List<Membership> memberships = Memberships.memberships(tx, viewer, Optional.empty(), 10);
            Optional<Role> removed = Memberships.removeMember(tx, conversation, viewer);
            boolean deleted = Deletions.delete(tx, conversation);
            Enrollment again = Enrollments.enroll(tx, conversation, viewer, Optional.empty(), true, now);
            return List.of(appended, read, trimmed, added, members, memberships, removed, deleted, again,
                    leases(tx, conversation, user, run), states(tx, conversation));
        });
        List<Message> expected = IntStream.range(0, probes.size()).mapToObj(i -> probes.get(i).at(i + 1L)).toList();
        List<Object> wanted = List.of(expected.stream().map(Appended.Stored::new).toList(), expected,
                (long) probes.size(), new RoleChange.Changed(Optional.empty(), false),
                List.of(new Member(user, Role.OWNER), new Member(viewer, Role.VIEWER)),
                List.of(new Membership(conversation, Role.VIEWER, probes.size())), Optional.of(Role.VIEWER), true,
                new Enrollment.Enrolled(Role.OWNER, true), wantedLeases(conversation, user, run),
                wantedStates(conversation));
        if (!outcome.equals(wanted)) {
            throw new StoreUnusableException("the conversation store at " + settings.safeUrl() + " is unusable: a"
                    + " test conversation read back differently from how it was stored (" + outcome + ")",
                    List.of(Setting.URL), null);
        }
    }

    /**
     * A system message of text beyond ASCII; an assistant message without text that asks for two tool calls (with
     * arguments JSON must escape) after some reasoning; and the tool result that answers one, without text either.
     */
    private static List<NewMessage> probes(ConversationId conversation, UserId user, Instant now) {
        RunId run = new RunId("self-check-run");
        String text = "self-check \u00e9\u4e2d\ud83d\ude00";
        List<ToolCall> calls = List.of(new ToolCall("self-check-call-1", "lookup", "{\"q\": \"" + text + "\\n\"}"),
                new ToolCall("self-check-call-2", "noop", ""));
        return List.of(new NewMessage(conversation, new MessageId("self-check"), MessageRole.SYSTEM, user, text, now,
                        run),
                new NewMessage(conversation, new MessageId("self-check-calls"), MessageRole.ASSISTANT, user, "", now,
                        run, AgentParts.assistant(calls, "reasoning " + text)),
                new NewMessage(conversation, new MessageId("self-check-result"), MessageRole.TOOL, user, "", now, run,
                        AgentParts.result("self-check-call-1")));
    }

    /** Sets a state, changes it, fails to change the version before again, reads it, forgets it. */
    private static List<Object> states(DbTransaction tx, ConversationId conversation) {
        ConversationState first = ConversationState.none(conversation).next("{\"probe\":[1]}");
        ConversationState second = first.next("{\"probe\":[1,2]}");
        return List.of(JdbcConversationStates.write(tx, first), JdbcConversationStates.write(tx, second),
                JdbcConversationStates.write(tx, second), JdbcConversationStates.read(tx, conversation),
                JdbcConversationStates.forget(tx, conversation), JdbcConversationStates.read(tx, conversation));
    }

    private static List<Object> wantedStates(ConversationId conversation) {
        ConversationState first = ConversationState.none(conversation).next("{\"probe\":[1]}");
        return List.of(true, true, false, first.next("{\"probe\":[1,2]}"), 1L, ConversationState.none(conversation));
    }

    /** Acquires a lease, takes it over once expired, renews, finds, reaps it, acquires and releases one again. */
    private static List<Object> leases(DbTransaction tx, ConversationId conversation, UserId user, String run) {
        RunLease first = lease(conversation, user, "a-" + run, 1);
        RunLease second = lease(conversation, user, "b-" + run, 2);
        Acquisition acquired = JdbcRunLeases.acquire(tx, first, LONG_AGO);
        Acquisition takenOver = JdbcRunLeases.acquire(tx, second, LONG_AGO.plusSeconds(2));
        boolean renewed = JdbcRunLeases.renew(tx, conversation, second.run(), LONG_AGO.plusSeconds(3));
        Optional<RunLease> found = JdbcRunLeases.leaseOf(tx, second.run());
        List<RunLease> reaped = JdbcRunLeases.takeExpired(tx, LONG_AGO.plusSeconds(4), 10);
        Acquisition again = JdbcRunLeases.acquire(tx, first, LONG_AGO.plusSeconds(4));
        boolean released = JdbcRunLeases.release(tx, conversation, first.run());
        return List.of(acquired, takenOver, renewed, found, reaped, again, released,
                JdbcRunLeases.leaseOf(tx, first.run()));
    }

    private static List<Object> wantedLeases(ConversationId conversation, UserId user, String run) {
        RunLease first = lease(conversation, user, "a-" + run, 1);
        RunLease renewed = lease(conversation, user, "b-" + run, 3);
        Acquisition.Acquired free = new Acquisition.Acquired(Optional.empty());
        return List.of(free, new Acquisition.Acquired(Optional.of(first)), true, Optional.of(renewed),
                List.of(renewed), free, true, Optional.empty());
    }

    private static RunLease lease(ConversationId conversation, UserId user, String run, long endsAfter) {
        return new RunLease(conversation, new RunId("self-check-" + run), user, "parley-self-check",
                LONG_AGO.plusSeconds(endsAfter));
    }
}

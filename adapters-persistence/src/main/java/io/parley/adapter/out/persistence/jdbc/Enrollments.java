package io.parley.adapter.out.persistence.jdbc;

import java.time.Instant;
import java.util.Optional;

import io.helidon.dbclient.DbTransaction;

import io.parley.application.port.out.ConversationStorePort.Enrollment;
import io.parley.application.port.out.ConversationStorePort.RoleChange;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Role;

/**
 * Joins users to conversations and sets their roles atomically, creating the conversation where that is allowed.
 * Creation is an {@code INSERT ... ON CONFLICT DO NOTHING}: when two callers create a new conversation at once, the
 * database lets exactly one insert win, and only its caller becomes the founding member. Every other change of
 * members happens under the conversation's row lock ({@code SELECT ... FOR UPDATE}), which {@link Deletions} holds
 * too: no member is added to a conversation being deleted, and of two callers that find a deleted conversation (its
 * row kept, {@code deleted_at} set), the first to get the lock creates it again and the other finds it existing.
 */
final class Enrollments {
    private static final String CREATE = "INSERT INTO conversations (id, created_at, last_offset)"
            + " VALUES (:id, :at, 0) ON CONFLICT DO NOTHING";
    private static final String LOCK = "SELECT deleted_at FROM conversations WHERE id = :id FOR UPDATE";
    private static final String CREATE_AGAIN = "UPDATE conversations SET deleted_at = NULL, created_at = :at"
            + " WHERE id = :id";
    private static final String ADD_MEMBER = "INSERT INTO members (conversation_id, user_id, role, joined_at)"
            + " VALUES (:id, :user, :role, :at) ON CONFLICT DO NOTHING";
    private static final String CHANGE_ROLE = "UPDATE members SET role = :role WHERE conversation_id = :id"
            + " AND user_id = :user";

    private final Database database;

    Enrollments(Database database) {
        this.database = database;
    }

    Enrollment enroll(ConversationId conversation, UserId user, Optional<Role> admitAs, boolean mayCreate,
                      Instant now) {
        return database.inTransaction("enroll", tx -> enroll(tx, conversation, user, admitAs, mayCreate, now));
    }

    RoleChange setRole(ConversationId conversation, UserId user, Role role, boolean createIfMissing, Instant now) {
        return database.inTransaction("set role", tx -> setRole(tx, conversation, user, role, createIfMissing, now));
    }

    /** Enrols {@code user} within {@code tx}, which the caller commits or rolls back. */
    static Enrollment enroll(DbTransaction tx, ConversationId conversation, UserId user, Optional<Role> admitAs,
                             boolean mayCreate, Instant now) {
        Optional<Role> role = Memberships.roleOf(tx, conversation, user, false);
        if (role.isPresent()) {
            // a member's rows exist only while the conversation does: a delete erases them with it
            return new Enrollment.Enrolled(role.get(), false);
        }
        return switch (claim(tx, conversation, mayCreate, now)) {
            case MISSING -> new Enrollment.NoSuchConversation();
            case CREATED -> {
                addMember(tx, conversation, user, Role.OWNER, now);
                yield new Enrollment.Enrolled(Role.OWNER, true);
            }
            case EXISTS -> {
                if (admitAs.isPresent()) {
                    addMember(tx, conversation, user, admitAs.get(), now);
                }
                yield Memberships.roleOf(tx, conversation, user, false)
                        .<Enrollment>map(r -> new Enrollment.Enrolled(r, false))
                        .orElseGet(Enrollment.NotAdmitted::new);
            }
        };
    }

    /** Gives {@code user} the role within {@code tx}, which the caller commits or rolls back. */
    static RoleChange setRole(DbTransaction tx, ConversationId conversation, UserId user, Role role,
                              boolean createIfMissing, Instant now) {
        return switch (claim(tx, conversation, createIfMissing, now)) {
            case MISSING -> new RoleChange.NoSuchConversation();
            case CREATED -> {
                addMember(tx, conversation, user, role, now);
                yield new RoleChange.Changed(Optional.empty(), true);
            }
            case EXISTS -> {
                // the member's row lock: a removal running meanwhile either ends before (no role) or after this
                Optional<Role> previous = Memberships.roleOf(tx, conversation, user, true);
                if (previous.isEmpty()) {
                    addMember(tx, conversation, user, role, now);
                } else if (previous.get() != role) {
                    tx.createNamedUpdate("set-role", CHANGE_ROLE).addParam("role", role.wireName())
                            .addParam("id", conversation.value()).addParam("user", user.value()).execute();
                    MembershipLog.record(tx, conversation, user, "role", role);
                }
                yield new RoleChange.Changed(previous, false);
            }
        };
    }

    /**
     * Whether the conversation exists, creating it (or creating it again, once deleted) when {@code mayCreate};
     * afterwards its row is locked until {@code tx} ends.
     */
    private static Claim claim(DbTransaction tx, ConversationId conversation, boolean mayCreate, Instant now) {
        if (mayCreate && tx.createNamedInsert("enroll-create", CREATE).addParam("id", conversation.value())
                .addParam("at", Rows.timestamp(now)).execute() == 1) {
            return Claim.CREATED;
        }
        Optional<Boolean> deleted = tx.createNamedGet("enroll-lock", LOCK).addParam("id", conversation.value())
                .execute().map(row -> Rows.isSet(row, "deleted_at"));
        if (deleted.isEmpty() || (deleted.get() && !mayCreate)) {
            // with mayCreate the row exists (the insert met it), and the store never removes one
            return Claim.MISSING;
        }
        if (!deleted.get()) {
            return Claim.EXISTS;
        }
        tx.createNamedUpdate("enroll-create-again", CREATE_AGAIN).addParam("at", Rows.timestamp(now))
                .addParam("id", conversation.value()).execute();
        return Claim.CREATED;
    }

    private static void addMember(DbTransaction tx, ConversationId conversation, UserId user, Role role,
                                  Instant now) {
        tx.createNamedInsert("enroll-member", ADD_MEMBER).addParam("id", conversation.value())
                .addParam("user", user.value()).addParam("role", role.wireName())
                .addParam("at", Rows.timestamp(now)).execute();
        MembershipLog.record(tx, conversation, user, "joined", role);
    }

    /** What {@link #claim} found: the conversation created by this call, existing before, or not there. */
    private enum Claim {
        CREATED, EXISTS, MISSING
    }
}

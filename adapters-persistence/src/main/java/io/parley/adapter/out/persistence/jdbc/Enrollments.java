package io.parley.adapter.out.persistence.jdbc;

import java.time.Instant;
import java.util.Optional;

import io.helidon.dbclient.DbTransaction;
import io.parley.application.port.out.ConversationStorePort.Enrollment;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Role;

/**
 * Joins users to conversations atomically. Creation is an {@code INSERT ... ON CONFLICT DO NOTHING}: when two users
 * join a new conversation at once, the database lets exactly one insert win, and only its user becomes the owner.
 */
final class Enrollments {
    private static final String CREATE = "INSERT INTO conversations (id, created_at, last_offset)"
            + " VALUES (:id, :at, 0) ON CONFLICT DO NOTHING";
    private static final String ADD_MEMBER = "INSERT INTO members (conversation_id, user_id, role, joined_at)"
            + " VALUES (:id, :user, :role, :at) ON CONFLICT DO NOTHING";
    private static final String EXISTS = "SELECT id FROM conversations WHERE id = :id";
    private static final String ROLE = "SELECT role FROM members WHERE conversation_id = :id AND user_id = :user";

    private final Database database;

    Enrollments(Database database) {
        this.database = database;
    }

    Enrollment enroll(ConversationId conversation, UserId user, Optional<Role> admitAs, boolean mayCreate,
                      Instant now) {
        return database.inTransaction("enroll", tx -> enroll(tx, conversation, user, admitAs, mayCreate, now));
    }

    /** Enrols {@code user} within {@code tx}, which the caller commits or rolls back. */
    static Enrollment enroll(DbTransaction tx, ConversationId conversation, UserId user, Optional<Role> admitAs,
                             boolean mayCreate, Instant now) {
        if (mayCreate && tx.createNamedInsert("enroll-create", CREATE).addParam("id", conversation.value())
                .addParam("at", Rows.timestamp(now)).execute() == 1) {
            addMember(tx, conversation, user, Role.OWNER, now);
            return new Enrollment.Enrolled(Role.OWNER, true);
        }
        if (!mayCreate && tx.createNamedGet("enroll-exists", EXISTS).addParam("id", conversation.value())
                .execute().isEmpty()) {
            return new Enrollment.NoSuchConversation();
        }
        Optional<Role> role = roleOf(tx, conversation, user);
        if (role.isEmpty() && admitAs.isPresent()) {
            addMember(tx, conversation, user, admitAs.get(), now);
            role = roleOf(tx, conversation, user);
        }
        return role.<Enrollment>map(r -> new Enrollment.Enrolled(r, false))
                .orElseGet(Enrollment.NotAdmitted::new);
    }

    private static void addMember(DbTransaction tx, ConversationId conversation, UserId user, Role role,
                                  Instant now) {
        tx.createNamedInsert("enroll-member", ADD_MEMBER).addParam("id", conversation.value())
                .addParam("user", user.value()).addParam("role", role.wireName())
                .addParam("at", Rows.timestamp(now)).execute();
    }

    private static Optional<Role> roleOf(DbTransaction tx, ConversationId conversation, UserId user) {
        return tx.createNamedGet("enroll-role", ROLE).addParam("id", conversation.value())
                .addParam("user", user.value()).execute()
                .map(row -> Rows.role(Rows.string(row, "role")));
    }
}

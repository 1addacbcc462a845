package io.parley.adapter.out.persistence.jdbc;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;

import io.parley.application.port.out.ConversationStorePort.Membership;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Member;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.Role;

/**
 * Reads and ends memberships. Pages are ordered by the whole index they walk, so that H2 too reads along it and
 * stops at the limit: a conversation's members along the primary key (conversation_id, user_id), a user's
 * conversations along {@code members_user_idx} (user_id, conversation_id). Ids compare in the database's collation
 * (H2: by character; PostgreSQL: the database's, {@code C} for the same order as the in-memory stores); an empty
 * {@code after} is the empty string, which sorts first in every collation.
 */
final class Memberships {
    private static final String ROLE = "SELECT role FROM members WHERE conversation_id = :id AND user_id = :user";
    private static final String REMOVE = "DELETE FROM members WHERE conversation_id = :id AND user_id = :user";
    private static final String MEMBERS = "SELECT user_id, role FROM members WHERE conversation_id = :id"
            + " AND user_id > :after ORDER BY conversation_id, user_id LIMIT :limit";
    static final String MEMBERSHIPS = "SELECT m.conversation_id, m.role, c.last_offset FROM members m"
            + " JOIN conversations c ON c.id = m.conversation_id WHERE m.user_id = :user AND m.conversation_id > :after"
            + " AND c.deleted_at IS NULL ORDER BY m.user_id, m.conversation_id LIMIT :limit";

    private final Database database;

    Memberships(Database database) {
        this.database = database;
    }

    Optional<Role> roleOf(ConversationId conversation, UserId user) {
        return database.autoCommit("read role", db -> roleOf(db, conversation, user, false));
    }

    /** The member's role; {@code lock}: locking the member's row until the transaction ends. */
    static Optional<Role> roleOf(DbExecute db, ConversationId conversation, UserId user, boolean lock) {
        return db.createNamedGet(lock ? "role-lock" : "role", lock ? ROLE + " FOR UPDATE" : ROLE)
                .addParam("id", conversation.value()).addParam("user", user.value()).execute()
                .map(row -> Rows.role(Rows.string(row, "role")));
    }

    Optional<Role> removeMember(ConversationId conversation, UserId user) {
        return database.inTransaction("remove member", tx -> removeMember(tx, conversation, user));
    }

    /** Locks the member's row, then deletes it: of removals racing, one finds the role, the others none. */
    static Optional<Role> removeMember(DbTransaction tx, ConversationId conversation, UserId user) {
        Optional<Role> role = roleOf(tx, conversation, user, true);
        role.ifPresent(r -> {
            tx.createNamedDelete("remove-member", REMOVE).addParam("id", conversation.value())
                    .addParam("user", user.value()).execute();
            MembershipLog.record(tx, conversation, user, "removed", r);
        });
        return role;
    }

    List<Member> members(ConversationId conversation, Optional<UserId> after, int limit) {
        requirePage(limit);
        return database.autoCommit("read members", db -> members(db, conversation, after, limit));
    }

    static List<Member> members(DbExecute db, ConversationId conversation, Optional<UserId> after, int limit) {
        try (Stream<DbRow> rows = db.createNamedQuery("members", MEMBERS).addParam("id", conversation.value())
                .addParam("after", after.map(UserId::value).orElse("")).addParam("limit", limit).execute()) {
            return rows.map(row -> new Member(new UserId(Rows.string(row, "user_id")),
                    Rows.role(Rows.string(row, "role")))).toList();
        }
    }

    List<Membership> memberships(UserId user, Optional<ConversationId> after, int limit) {
        requirePage(limit);
        return database.autoCommit("read memberships", db -> memberships(db, user, after, limit));
    }

    static List<Membership> memberships(DbExecute db, UserId user, Optional<ConversationId> after, int limit) {
        try (Stream<DbRow> rows = db.createNamedQuery("memberships", MEMBERSHIPS).addParam("user", user.value())
                .addParam("after", after.map(ConversationId::value).orElse("")).addParam("limit", limit)
                .execute()) {
            return rows.map(row -> new Membership(new ConversationId(Rows.string(row, "conversation_id")),
                    Rows.role(Rows.string(row, "role")), Rows.number(row, "last_offset"))).toList();
        }
    }

    private static void requirePage(int limit) {
        if (limit < 1 || limit > MessageRange.MAX_LIMIT) {
            throw new IllegalArgumentException("a page holds 1.." + MessageRange.MAX_LIMIT + " entries: " + limit);
        }
    }
}

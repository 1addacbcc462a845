package io.parley.adapter.out.persistence.jdbc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.PurgeMessagesPort;
import io.parley.application.port.out.PurgeMessagesPort.Purged;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.Conversation;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Member;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.RetentionPolicy;
import io.parley.domain.conversation.Role;

/**
 * The conversation store on a relational database through Helidon DbClient (H2 in PostgreSQL mode, or
 * PostgreSQL). The database is the only source of truth for offsets; appends go through {@link GroupCommit}, roles
 * through {@link Enrollments} and {@link Memberships}, deletion through {@link Deletions}. A deleted conversation
 * keeps its row, with {@code deleted_at} set, as a tombstone holding its last offset: every read treats it as
 * missing. Failures are translated by {@link Failures}: a passing one surfaces as a
 * {@code StoreUnavailableException}, a set-up problem as a {@code StoreMisconfiguredException}, a message the
 * database cannot hold as an {@code IllegalArgumentException}.
 */
final class JdbcConversationStore implements ConversationStorePort, PurgeMessagesPort, AutoCloseable {
    /** Ordered by the whole primary key, so that H2 too reads it along the index and stops at the limit. */
    private static final String PAGE = "SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages WHERE conversation_id = :id"
            + " AND msg_offset > :after AND msg_offset < :before ORDER BY conversation_id, msg_offset LIMIT :limit";

    private final Database database;
    private final Enrollments enrollments;
    private final Memberships memberships;
    private final Deletions deletions;
    private final Revisions revisions;
    private final GroupCommit appends;

    JdbcConversationStore(Database database, JdbcStoreSettings settings) {
        this.database = database;
        this.enrollments = new Enrollments(database);
        this.memberships = new Memberships(database);
        this.deletions = new Deletions(database);
        this.revisions = new Revisions(database);
        // close() waits as long as one batch may take when the database stops answering: a pooled connection,
        // then a statement that ends with the socket timeout
        this.appends = new GroupCommit(new AppendTransaction(database, AppendTransaction.RowLock.of(settings)),
                settings.writers(), settings.maxBatch(), settings.connectionTimeout().plus(settings.socketTimeout()),
                settings.resilience().retries(), settings.resilience().retryDelay());
    }

    @Override
    public Enrollment enroll(ConversationId conversation, UserId user, Optional<Role> admitAs, boolean mayCreate,
                             Instant now) {
        return enrollments.enroll(conversation, user, admitAs, mayCreate, now);
    }

    @Override
    public Appended append(NewMessage message) {
        return appends.append(message);
    }

    @Override
    public CompletionStage<Appended> appendPipelined(NewMessage message) {
        return appends.appendPipelined(message);
    }

    @Override
    public Optional<Conversation> find(ConversationId conversation) {
        return database.inTransaction("find", tx -> tx
                .createNamedGet("find", "SELECT created_at, last_offset FROM conversations"
                        + " WHERE id = :id AND deleted_at IS NULL")
                .addParam("id", conversation.value()).execute()
                .map(row -> {
                    try (Stream<DbRow> rows = tx.createNamedQuery("find-members", "SELECT user_id, role FROM members"
                                    + " WHERE conversation_id = :id ORDER BY joined_at, user_id")
                            .addParam("id", conversation.value()).execute()) {
                        List<Member> members = rows.map(m -> new Member(new UserId(Rows.string(m, "user_id")),
                                Rows.role(Rows.string(m, "role")))).toList();
                        return new Conversation(conversation, Rows.instant(row, "created_at"), members,
                                Rows.number(row, "last_offset"));
                    }
                }));
    }

    /**
     * The highest offset ever given in the conversation (in a conversation created again after a delete: before it,
     * too): after a purge or a delete it may name a message no longer kept.
     */
    @Override
    public long latestOffset(ConversationId conversation) {
        return database.autoCommit("latest offset", db -> db
                .createNamedGet("latest-offset", "SELECT last_offset FROM conversations WHERE id = :id"
                        + " AND deleted_at IS NULL")
                .addParam("id", conversation.value()).execute()
                .map(row -> Rows.number(row, "last_offset"))
                .orElse(0L));
    }

    @Override
    public List<Message> messages(ConversationId conversation, MessageRange range) {
        long after = range.after();
        long before = range.before() == 0 ? Long.MAX_VALUE : range.before();
        if (range.fromNewest()) {
            // Offsets are gapless up to the latest (purges take the oldest), so the newest n below `before` are
            // the n offsets just under it: read them oldest first along the index instead of scanning backwards.
            long high = Math.min(before - 1, latestOffset(conversation));
            if (high <= after) {
                return List.of();
            }
            after = Math.max(after, high - range.limit());
            before = high + 1;
        }
        long from = after;
        long below = before;
        return database.autoCommit("read messages", db -> page(db, conversation, from, below, range.limit()));
    }

    /** At most {@code limit} messages with offsets between {@code after} and {@code before}, oldest first. */
    static List<Message> page(DbExecute db, ConversationId conversation, long after, long before, int limit) {
        try (Stream<DbRow> rows = db.createNamedQuery("page", PAGE).addParam("id", conversation.value())
                .addParam("after", after).addParam("before", before).addParam("limit", limit).execute()) {
            return rows.map(Rows::message).toList();
        }
    }

    @Override
    public Set<MessageId> storedIds(ConversationId conversation, Collection<MessageId> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        List<Object> params = new ArrayList<>(ids.size() + 1);
        params.add(conversation.value());
        ids.stream().map(MessageId::value).distinct().forEach(params::add);
        String sql = "SELECT message_id FROM messages WHERE conversation_id = ? AND message_id IN ("
                + String.join(", ", Collections.nCopies(params.size() - 1, "?")) + ")";
        return database.autoCommit("read message ids", db -> {
            try (Stream<DbRow> rows = db.createNamedQuery("stored-ids-" + (params.size() - 1), sql).params(params)
                    .execute()) {
                return rows.map(row -> new MessageId(Rows.string(row, "message_id")))
                        .collect(Collectors.toUnmodifiableSet());
            }
        });
    }

    @Override
    public Optional<Role> roleOf(ConversationId conversation, UserId user) {
        return memberships.roleOf(conversation, user);
    }

    @Override
    public RoleChange setRole(ConversationId conversation, UserId user, Role role, boolean createIfMissing,
                              Instant now) {
        return enrollments.setRole(conversation, user, role, createIfMissing, now);
    }

    @Override
    public Optional<Role> removeMember(ConversationId conversation, UserId user) {
        return memberships.removeMember(conversation, user);
    }

    @Override
    public List<Member> members(ConversationId conversation, Optional<UserId> after, int limit) {
        return memberships.members(conversation, after, limit);
    }

    @Override
    public List<Membership> memberships(UserId user, Optional<ConversationId> after, int limit) {
        return memberships.memberships(user, after, limit);
    }

    @Override
    public boolean delete(ConversationId conversation) {
        return deletions.delete(conversation);
    }

    @Override
    public Amended amend(Amendment change) {
        return revisions.amend(change);
    }

    @Override
    public Optional<Long> markRead(ConversationId conversation, UserId user, long offset) {
        return revisions.markRead(conversation, user, offset);
    }

    @Override
    public List<ReadState> readStates(UserId user, Collection<ConversationId> conversations) {
        return revisions.readStates(user, conversations);
    }

    @Override
    public Erasure erase(UserId user, Instant at) {
        return revisions.erase(user, at);
    }

    @Override
    public Purged purge(RetentionPolicy policy, Instant now) {
        return new Retention(database).purge(policy, now);
    }

    /** A cheap query that fails when the database cannot be reached. */
    void ping() {
        database.ping();
    }

    /** Waits for queued appends (for a bounded time, see {@link GroupCommit#close()}), then closes the pool. */
    @Override
    public void close() {
        appends.close();
        database.close();
    }
}

package io.parley.adapter.out.persistence.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.ConversationStorePort.Enrollment;
import io.parley.application.port.out.ConversationStorePort.Membership;
import io.parley.application.port.out.RunLeasePort.Acquisition;
import io.parley.application.port.out.RunLeasePort.RunLease;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.AgentParts;
import io.parley.domain.conversation.Conversation;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Member;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.Role;
import io.parley.domain.conversation.ToolCall;
import io.parley.domain.run.RunId;

import static io.parley.adapter.out.persistence.jdbc.Drafts.ALICE;
import static io.parley.adapter.out.persistence.jdbc.Drafts.BOB;
import static io.parley.adapter.out.persistence.jdbc.Drafts.T0;
import static io.parley.adapter.out.persistence.jdbc.Drafts.draft;
import static io.parley.adapter.out.persistence.jdbc.Drafts.offsetsIn;
import static io.parley.adapter.out.persistence.jdbc.Drafts.stored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database created by an earlier version of the store (schema V1, V2 or V3, with conversations in it) is brought
 * up to date when the store opens, and what it held serves as before, and with everything that came after: listed
 * memberships, deletion, offsets going on after a re-creation (V2), run leases (V3), tool calls, tool results and
 * reasoning, while the messages stored before read back as plain text (V4). Each run gets a database (or schema)
 * of its own.
 */
abstract class SchemaUpgradeContract {
    private static final ConversationId OLD = new ConversationId("from-v1");
    private static final UserId ASSISTANT = new UserId("assistant");
    private static final RunId RUN = new RunId("run-1");

    /** The store's settings on this run's own, empty database. */
    protected abstract JdbcStoreSettings settings();

    /** A connection as an administrator of this run's database. */
    protected abstract Connection administer() throws SQLException;

    @Test
    void aVersionOneDatabaseIsMigratedAndItsConversationsServeAsBefore() throws SQLException {
        JdbcStoreSettings settings = settings();
        migrateTo("1");
        try (Connection admin = administer()) {
            insert(admin, "INSERT INTO conversations (id, created_at, last_offset) VALUES (?, ?, 2)", OLD.value(), T0);
            insert(admin, "INSERT INTO members VALUES (?, ?, 'owner', ?)", OLD.value(), ALICE.value(), T0);
            insert(admin, "INSERT INTO members VALUES (?, ?, 'viewer', ?)", OLD.value(), BOB.value(),
                    T0.plusSeconds(1));
            for (int offset = 1; offset <= 2; offset++) {
                insert(admin, "INSERT INTO messages VALUES (?, " + offset + ", 'm" + offset + "', 'user', ?, 'text of m"
                        + offset + "', ?, NULL)", OLD.value(), ALICE.value(), T0);
            }
        }

        try (JdbcStorage storage = JdbcStores.open(settings)) {
            ConversationStorePort store = storage.conversations();
            assertEquals(new Conversation(OLD, T0, List.of(new Member(ALICE, Role.OWNER), new Member(BOB, Role.VIEWER)),
                    2), store.find(OLD).orElseThrow());
            assertEquals(List.of(draft(OLD, "m1", T0).at(1), draft(OLD, "m2", T0).at(2)),
                    store.messages(OLD, MessageRange.newest(10)));
            assertEquals(List.of(new Membership(OLD, Role.VIEWER, 2)), store.memberships(BOB, Optional.empty(), 10));
            assertEquals(3, stored(store.append(draft(OLD, "m3", T0))).offset());

            assertTrue(store.delete(OLD));
            assertEquals(new Enrollment.Enrolled(Role.OWNER, true), store.enroll(OLD, BOB, Optional.empty(), T0));
            assertEquals(3, store.latestOffset(OLD));
            assertEquals(4, stored(store.append(draft(OLD, "m1", T0))).offset());
            assertEquals(List.of(4L), offsetsIn(store, OLD));
        }
        assertAppliedOnce("2");
        assertAppliedOnce("3");
        assertAppliedOnce("4");
    }

    @Test
    void aVersionTwoDatabaseGainsRunLeasesAndKeepsItsConversations() throws SQLException {
        JdbcStoreSettings settings = settings();
        migrateTo("2");
        try (Connection admin = administer()) {
            insert(admin, "INSERT INTO conversations (id, created_at, last_offset) VALUES (?, ?, 1)", OLD.value(), T0);
            insert(admin, "INSERT INTO members VALUES (?, ?, 'owner', ?)", OLD.value(), ALICE.value(), T0);
            insert(admin, "INSERT INTO messages VALUES (?, 1, 'm1', 'user', ?, 'text of m1', ?, NULL)", OLD.value(),
                    ALICE.value(), T0);
        }

        try (JdbcStorage storage = JdbcStores.open(settings)) {
            ConversationStorePort store = storage.conversations();
            assertEquals(new Conversation(OLD, T0, List.of(new Member(ALICE, Role.OWNER)), 1),
                    store.find(OLD).orElseThrow());
            assertEquals(2, stored(store.append(draft(OLD, "m2", T0))).offset());
            RunLease lease = new RunLease(OLD, new RunId("run-after-v3"), ALICE, "node-1", T0.plusSeconds(30));
            assertEquals(new Acquisition.Acquired(Optional.empty()), storage.runLeases().acquire(lease, T0));
            assertEquals(Optional.of(lease), storage.runLeases().leaseOf(lease.run()));
        }
        assertAppliedOnce("3");
        assertAppliedOnce("4");
    }

    @Test
    void aVersionThreeDatabaseReadsItsMessagesAsPlainTextAndGainsToolCallsToolResultsAndReasoning()
            throws SQLException {
        JdbcStoreSettings settings = settings();
        migrateTo("3");
        try (Connection admin = administer()) {
            insert(admin, "INSERT INTO conversations (id, created_at, last_offset) VALUES (?, ?, 2)", OLD.value(), T0);
            insert(admin, "INSERT INTO members VALUES (?, ?, 'owner', ?)", OLD.value(), ALICE.value(), T0);
            insert(admin, "INSERT INTO messages VALUES (?, 1, 'm1', 'user', ?, 'text of m1', ?, NULL)", OLD.value(),
                    ALICE.value(), T0);
            insert(admin, "INSERT INTO messages VALUES (?, 2, 'm2', 'assistant', 'assistant', 'an answer', ?,"
                    + " 'run-1')", OLD.value(), T0);
        }

        try (JdbcStorage storage = JdbcStores.open(settings)) {
            ConversationStorePort store = storage.conversations();
            List<Message> old = store.messages(OLD, MessageRange.newest(10));
            assertEquals(List.of(draft(OLD, "m1", T0).at(1), new Message(OLD, 2, new MessageId("m2"),
                    MessageRole.ASSISTANT, ASSISTANT, "an answer", T0, RUN)), old);
            assertEquals(List.of(AgentParts.NONE, AgentParts.NONE), old.stream().map(Message::agent).toList());

            NewMessage calls = new NewMessage(OLD, new MessageId("m3"), MessageRole.ASSISTANT, ASSISTANT, "", T0, RUN,
                    AgentParts.assistant(List.of(new ToolCall("call-1", "lookup", "{\"q\": \"v4\"}")), "why"));
            NewMessage result = new NewMessage(OLD, new MessageId("m4"), MessageRole.TOOL, ASSISTANT, "", T0, RUN,
                    AgentParts.result("call-1"));
            assertEquals(calls.at(3), stored(store.append(calls)));
            assertEquals(result.at(4), stored(store.append(result)));
            assertEquals(List.of(calls.at(3), result.at(4)), store.messages(OLD, MessageRange.after(2, 10)));
        }
        assertAppliedOnce("4");
    }

    private void migrateTo(String version) {
        JdbcStoreSettings settings = settings();
        Flyway.configure(getClass().getClassLoader()).dataSource(Connections.of(settings).url(), settings.user(),
                settings.password()).locations(SchemaMigration.LOCATION).target(version).load().migrate();
    }

    private void assertAppliedOnce(String version) throws SQLException {
        try (Connection admin = administer();
             PreparedStatement query = admin.prepareStatement("SELECT COUNT(*) FROM flyway_schema_history"
                     + " WHERE version = ? AND success")) {
            query.setString(1, version);
            try (ResultSet rows = query.executeQuery()) {
                assertTrue(rows.next());
                assertEquals(1, rows.getInt(1), "V" + version + " applied once");
            }
        }
    }

    private static void insert(Connection admin, String sql, String conversation, Object... more)
            throws SQLException {
        try (PreparedStatement insert = admin.prepareStatement(sql)) {
            insert.setString(1, conversation);
            for (int i = 0; i < more.length; i++) {
                insert.setObject(i + 2, more[i] instanceof Instant at ? Rows.timestamp(at) : more[i]);
            }
            insert.executeUpdate();
        }
    }

    /** A connection to {@code url} as the settings' user. */
    static Connection connect(String url, JdbcStoreSettings settings) throws SQLException {
        return DriverManager.getConnection(url, settings.user(), settings.password());
    }
}

package io.parley.adapter.out.persistence.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import io.parley.application.port.out.WebhookOutboxPort;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.Role;

/**
 * The webhooks' outbox in the database (V10): conversations' logs read after each one's cursor, membership changes
 * from {@code membership_events}, the delivering node's lease in {@code webhook_state}. Cursors are written with an
 * update, and an insert where there was no row (creating the row races only with itself: one node leads).
 */
final class JdbcWebhookOutbox implements WebhookOutboxPort {
    private static final String STATE = "SELECT id FROM webhook_state WHERE id = 1";
    private static final String START = "INSERT INTO webhook_state (id, membership_cursor, enabled_at)"
            + " SELECT 1, COALESCE(MAX(id), 0), :now FROM membership_events ON CONFLICT DO NOTHING";
    private static final String CURSORS_NOW = "INSERT INTO webhook_cursors (conversation_id, delivered_offset)"
            + " SELECT id, last_offset FROM conversations";
    private static final String LEAD = "UPDATE webhook_state SET leader = :node, lease_until = :until WHERE id = 1"
            + " AND (leader IS NULL OR leader = :node OR lease_until < :now)";
    private static final String DUE = "SELECT c.id, c.last_offset, COALESCE(w.delivered_offset, 0) AS delivered,"
            + " COALESCE(w.attempts, 0) AS attempts FROM conversations c"
            + " LEFT JOIN webhook_cursors w ON w.conversation_id = c.id"
            + " WHERE c.deleted_at IS NULL AND c.last_offset > COALESCE(w.delivered_offset, 0)"
            + " AND (w.next_attempt_at IS NULL OR w.next_attempt_at <= :now) ORDER BY c.id LIMIT :limit";
    private static final String NEXT = "SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages WHERE conversation_id = :id"
            + " AND msg_offset > :after ORDER BY conversation_id, msg_offset LIMIT 1";
    private static final String ADVANCE = "UPDATE webhook_cursors SET delivered_offset = :offset, attempts = 0,"
            + " next_attempt_at = NULL, last_error = NULL WHERE conversation_id = :id";
    private static final String ADD = "INSERT INTO webhook_cursors (conversation_id, delivered_offset, attempts,"
            + " next_attempt_at, last_error) VALUES (:id, :offset, :attempts, :next, :error) ON CONFLICT DO NOTHING";
    private static final String FAIL = "UPDATE webhook_cursors SET attempts = :attempts, next_attempt_at = :next,"
            + " last_error = :error WHERE conversation_id = :id";
    private static final String PARK = "INSERT INTO webhook_parked (event_id, event_type, conversation_id,"
            + " msg_offset, attempts, last_error, parked_at) VALUES (:event, :type, :id, :offset, :attempts, :error,"
            + " :now)";
    private static final String MEMBERSHIP = "SELECT e.id, e.conversation_id, e.user_id, e.change_kind, e.role,"
            + " e.changed_at, s.membership_attempts FROM membership_events e, webhook_state s WHERE s.id = 1"
            + " AND e.id > s.membership_cursor AND (s.membership_next_at IS NULL OR s.membership_next_at <= :now)"
            + " ORDER BY e.id LIMIT 1";
    private static final String MEMBERSHIP_DONE = "UPDATE webhook_state SET membership_cursor = :id,"
            + " membership_attempts = 0, membership_next_at = NULL, membership_error = NULL WHERE id = 1";
    private static final String MEMBERSHIP_TRIM = "DELETE FROM membership_events WHERE id <= :id";
    private static final String MEMBERSHIP_FAIL = "UPDATE webhook_state SET membership_attempts = :attempts,"
            + " membership_next_at = :next, membership_error = :error WHERE id = 1";
    private static final String PARKED = "SELECT COUNT(*) AS parked FROM webhook_parked";

    private final Database database;

    JdbcWebhookOutbox(Database database) {
        this.database = database;
    }

    @Override
    public void enable(boolean on, Instant now) {
        database.inTransaction("webhooks on/off", tx -> {
            if (on) {
                // nodes starting at once: one insert wins (the others wait for it, then find the row), and only the
                // winner sets the cursors
                if (tx.createNamedInsert("webhook-start", START).addParam("now", Rows.timestamp(now))
                        .execute() == 1) {
                    tx.createNamedDelete("webhook-cursors-clear", "DELETE FROM webhook_cursors").execute();
                    tx.createNamedInsert("webhook-cursors-now", CURSORS_NOW).execute();
                }
                return null;
            }
            boolean wasOn = tx.createNamedGet("webhook-state", STATE).execute().isPresent();
            if (wasOn) {
                tx.createNamedDelete("webhook-stop", "DELETE FROM webhook_state").execute();
                tx.createNamedDelete("webhook-events-clear", "DELETE FROM membership_events").execute();
                tx.createNamedDelete("webhook-cursors-clear", "DELETE FROM webhook_cursors").execute();
            }
            return null;
        });
    }

    @Override
    public boolean lead(String node, Instant now, Duration lease) {
        return database.autoCommit("webhook lead", db -> db.createNamedUpdate("webhook-lead", LEAD)
                .addParam("node", node).addParam("until", Rows.timestamp(now.plus(lease)))
                .addParam("now", Rows.timestamp(now)).execute()) == 1;
    }

    @Override
    public List<Cursor> due(Instant now, int limit) {
        return database.autoCommit("webhooks due", db -> {
            try (Stream<DbRow> rows = db.createNamedQuery("webhooks-due", DUE).addParam("now", Rows.timestamp(now))
                    .addParam("limit", limit).execute()) {
                return rows.map(row -> new Cursor(new ConversationId(Rows.string(row, "id")),
                        Rows.number(row, "delivered"), Rows.number(row, "last_offset"),
                        (int) Rows.number(row, "attempts"))).toList();
            }
        });
    }

    @Override
    public Optional<Message> next(ConversationId conversation, long offset) {
        return database.autoCommit("webhook next", db -> db.createNamedGet("webhook-next", NEXT)
                .addParam("id", conversation.value()).addParam("after", offset).execute().map(Rows::message));
    }

    @Override
    public void delivered(ConversationId conversation, long offset) {
        database.autoCommit("webhook delivered", db -> upsert(db, conversation, offset, 0, null, null));
    }

    @Override
    public void failed(ConversationId conversation, int attempts, Instant next, String error) {
        database.autoCommit("webhook failed", db -> {
            if (db.createNamedUpdate("webhook-fail", FAIL).addParam("attempts", attempts)
                    .addParam("next", Rows.timestamp(next)).addParam("error", shorten(error))
                    .addParam("id", conversation.value()).execute() == 0) {
                db.createNamedInsert("webhook-cursor-add", ADD).addParam("id", conversation.value())
                        .addParam("offset", 0L).addParam("attempts", attempts).addParam("next", Rows.timestamp(next))
                        .addParam("error", shorten(error)).execute();
            }
            return null;
        });
    }

    @Override
    public void park(ConversationId conversation, long offset, String eventId, String type, int attempts,
                     String error, Instant now) {
        database.inTransaction("webhook park", tx -> {
            tx.createNamedInsert("webhook-park", PARK).addParam("event", eventId).addParam("type", type)
                    .addParam("id", conversation.value()).addParam("offset", offset).addParam("attempts", attempts)
                    .addParam("error", shorten(error)).addParam("now", Rows.timestamp(now)).execute();
            return offset < 0 ? null : upsert(tx, conversation, offset, 0, null, null);
        });
    }

    /** Sets the cursor, inserting its row when there was none. */
    private static Void upsert(DbExecute db, ConversationId conversation, long offset, int attempts, Instant next,
                               String error) {
        if (db.createNamedUpdate("webhook-advance", ADVANCE).addParam("offset", offset)
                .addParam("id", conversation.value()).execute() == 0) {
            db.createNamedInsert("webhook-cursor-add", ADD).addParam("id", conversation.value())
                    .addParam("offset", offset).addParam("attempts", attempts)
                    .addParam("next", next == null ? null : Rows.timestamp(next)).addParam("error", error).execute();
        }
        return null;
    }

    @Override
    public Optional<MembershipEvent> nextMembershipEvent(Instant now) {
        return database.autoCommit("membership event", db -> db.createNamedGet("membership-next", MEMBERSHIP)
                .addParam("now", Rows.timestamp(now)).execute()
                .map(row -> new MembershipEvent(Rows.number(row, "id"),
                        new ConversationId(Rows.string(row, "conversation_id")),
                        new UserId(Rows.string(row, "user_id")), Rows.string(row, "change_kind"),
                        Optional.ofNullable(Rows.string(row, "role")).map(Rows::role),
                        Rows.instant(row, "changed_at"), (int) Rows.number(row, "membership_attempts"))));
    }

    @Override
    public void membershipDelivered(long id) {
        database.inTransaction("membership delivered", tx -> {
            tx.createNamedUpdate("membership-done", MEMBERSHIP_DONE).addParam("id", id).execute();
            return tx.createNamedDelete("membership-trim", MEMBERSHIP_TRIM).addParam("id", id).execute();
        });
    }

    @Override
    public void membershipFailed(int attempts, Instant next, String error) {
        database.autoCommit("membership failed", db -> db.createNamedUpdate("membership-fail", MEMBERSHIP_FAIL)
                .addParam("attempts", attempts).addParam("next", Rows.timestamp(next))
                .addParam("error", shorten(error)).execute());
    }

    @Override
    public long parked() {
        return database.autoCommit("webhooks parked", db -> db.createNamedGet("webhooks-parked", PARKED).execute()
                .map(row -> Rows.number(row, "parked")).orElse(0L));
    }

    private static String shorten(String error) {
        return error == null || error.length() <= 500 ? error : error.substring(0, 497) + "...";
    }
}

package io.parley.adapter.out.persistence.jdbc;

import io.helidon.dbclient.DbTransaction;

import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Role;

/**
 * Records a membership change for the webhooks, in the transaction that makes it, while webhooks are on (the
 * {@code webhook_state} row exists: the insert selects from it, so that with webhooks off it writes nothing).
 */
final class MembershipLog {
    private static final String RECORD = "INSERT INTO membership_events (conversation_id, user_id, change_kind, role,"
            + " changed_at) SELECT :id, :user, :kind, :role, CURRENT_TIMESTAMP FROM webhook_state WHERE id = 1";

    private MembershipLog() {
    }

    /** {@code kind}: {@code joined}, {@code role} or {@code removed}; {@code role} the new one (or the one held). */
    static void record(DbTransaction tx, ConversationId conversation, UserId user, String kind, Role role) {
        tx.createNamedInsert("membership-event", RECORD).addParam("id", conversation.value())
                .addParam("user", user.value()).addParam("kind", kind).addParam("role", role.wireName()).execute();
    }
}

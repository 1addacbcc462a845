package io.parley.adapter.out.persistence.jdbc;

import java.time.Instant;

import io.parley.domain.conversation.RetentionPolicy;

/**
 * Deletes what the retention policy no longer keeps. Only message rows go: each conversation's highest offset
 * stays in its row, so the next message continues after it. Keeping "the newest n" deletes every offset at or
 * below {@code last_offset - n}, which is exact because messages only ever leave oldest first.
 */
final class Retention {
    private static final String TOO_OLD = "DELETE FROM messages WHERE sent_at < :cutoff";
    private static final String TOO_MANY = "DELETE FROM messages WHERE msg_offset <= (SELECT c.last_offset - :keep"
            + " FROM conversations c WHERE c.id = messages.conversation_id)";

    private final Database database;

    Retention(Database database) {
        this.database = database;
    }

    long purge(RetentionPolicy policy, Instant now) {
        long deleted = 0;
        if (policy.oldestKept(now).isPresent()) {
            Instant cutoff = policy.oldestKept(now).get();
            deleted += database.autoCommit("purge by age", db -> db.createDelete(TOO_OLD)
                    .addParam("cutoff", Rows.timestamp(cutoff)).execute());
        }
        if (policy.maxMessages().isPresent()) {
            long keep = policy.maxMessages().getAsInt();
            deleted += database.autoCommit("purge by count", db -> db.createDelete(TOO_MANY)
                    .addParam("keep", keep).execute());
        }
        return deleted;
    }
}

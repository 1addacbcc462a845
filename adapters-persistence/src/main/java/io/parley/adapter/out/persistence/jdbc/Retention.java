package io.parley.adapter.out.persistence.jdbc;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import io.helidon.dbclient.DbRow;

import io.parley.domain.conversation.RetentionPolicy;

/**
 * Deletes what the retention policy no longer keeps. Only message rows go: each conversation's highest offset
 * stays in its row, so the next message continues after it. Keeping "the newest n" deletes, conversation by
 * conversation (short transactions along the primary key), every offset at or below {@code last_offset - n}:
 * offsets are gapless up to the latest, so exactly the newest n remain.
 */
final class Retention {
    private static final String TOO_OLD = "DELETE FROM messages WHERE sent_at < :cutoff";
    private static final String OVER_LIMIT = "SELECT c.id, c.last_offset FROM conversations c"
            + " WHERE c.last_offset > :keep AND EXISTS (SELECT 1 FROM messages m"
            + " WHERE m.conversation_id = c.id AND m.msg_offset <= c.last_offset - :keep)";
    private static final String TRIM = "DELETE FROM messages WHERE conversation_id = :id AND msg_offset <= :upTo";

    private final Database database;

    Retention(Database database) {
        this.database = database;
    }

    long purge(RetentionPolicy policy, Instant now) {
        long deleted = 0;
        if (policy.oldestKept(now).isPresent()) {
            Instant cutoff = policy.oldestKept(now).get();
            deleted += database.autoCommit("purge by age", db -> db.createNamedDelete("purge-age", TOO_OLD)
                    .addParam("cutoff", Rows.timestamp(cutoff)).execute());
        }
        if (policy.maxMessages().isPresent()) {
            long keep = policy.maxMessages().getAsInt();
            for (Trim trim : overLimit(keep)) {
                deleted += database.autoCommit("purge by count", db -> db.createNamedDelete("purge-trim", TRIM)
                        .addParam("id", trim.conversation()).addParam("upTo", trim.upTo()).execute());
            }
        }
        return deleted;
    }

    private List<Trim> overLimit(long keep) {
        return database.autoCommit("purge by count", db -> {
            try (Stream<DbRow> rows = db.createNamedQuery("purge-over-limit", OVER_LIMIT).addParam("keep", keep)
                    .execute()) {
                return rows.map(row -> new Trim(Rows.string(row, "id"), Rows.number(row, "last_offset") - keep))
                        .toList();
            }
        });
    }

    /** Delete the conversation's offsets up to and including {@code upTo}. */
    private record Trim(String conversation, long upTo) {
    }
}

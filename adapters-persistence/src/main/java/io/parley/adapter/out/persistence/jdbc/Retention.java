package io.parley.adapter.out.persistence.jdbc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import io.parley.application.port.out.PurgeMessagesPort.Purged;
import io.parley.domain.conversation.AttachmentId;
import io.parley.domain.conversation.RetentionPolicy;

/**
 * Deletes what the retention policy no longer keeps, and says which attachments the deleted messages carried. Only
 * message rows go: each conversation's highest offset
 * stays in its row, so the next message continues after it. Keeping "the newest n" deletes, conversation by
 * conversation (short transactions along the primary key), every offset at or below {@code last_offset - n}:
 * offsets are gapless up to the latest, so exactly the newest n remain. Deletes go in chunks of at most
 * {@value #CHUNK} rows, so that no statement runs into the store's statement timeout however much is due.
 */
final class Retention {
    static final int CHUNK = 10_000;
    private static final String TOO_OLD = "DELETE FROM messages WHERE (conversation_id, msg_offset) IN"
            + " (SELECT conversation_id, msg_offset FROM messages WHERE sent_at < :cutoff LIMIT " + CHUNK + ")";
    private static final String TOO_OLD_ATTACHED = "SELECT attachment_id FROM messages WHERE sent_at < :cutoff"
            + " AND attachment_id IS NOT NULL";
    private static final String TRIM_ATTACHED = "SELECT attachment_id FROM messages WHERE conversation_id = :id"
            + " AND msg_offset <= :upTo AND attachment_id IS NOT NULL";
    private static final String OVER_LIMIT = "SELECT c.id, c.last_offset FROM conversations c"
            + " WHERE c.last_offset > :keep AND EXISTS (SELECT 1 FROM messages m"
            + " WHERE m.conversation_id = c.id AND m.msg_offset <= c.last_offset - :keep)";
    private static final String TRIM = "DELETE FROM messages WHERE conversation_id = :id AND msg_offset IN"
            + " (SELECT msg_offset FROM messages WHERE conversation_id = :id AND msg_offset <= :upTo"
            + " ORDER BY msg_offset LIMIT " + CHUNK + ")";

    private final Database database;

    Retention(Database database) {
        this.database = database;
    }

    Purged purge(RetentionPolicy policy, Instant now) {
        long deleted = 0;
        List<AttachmentId> attachments = new ArrayList<>();
        if (policy.oldestKept(now).isPresent()) {
            Instant cutoff = policy.oldestKept(now).get();
            attachments.addAll(attached(db -> db.createNamedQuery("purge-age-attached", TOO_OLD_ATTACHED)
                    .addParam("cutoff", Rows.timestamp(cutoff)).execute()));
            deleted += inChunks(() -> database.autoCommit("purge by age", db -> db
                    .createNamedDelete("purge-age", TOO_OLD).addParam("cutoff", Rows.timestamp(cutoff)).execute()));
        }
        if (policy.maxMessages().isPresent()) {
            long keep = policy.maxMessages().getAsInt();
            for (Trim trim : overLimit(keep)) {
                attachments.addAll(attached(db -> db.createNamedQuery("purge-trim-attached", TRIM_ATTACHED)
                        .addParam("id", trim.conversation()).addParam("upTo", trim.upTo()).execute()));
                deleted += inChunks(() -> database.autoCommit("purge by count", db -> trim(db, trim)));
            }
        }
        return new Purged(deleted, attachments);
    }

    /**
     * The attachments of the messages a purge is about to delete, read with the same condition first: what matches
     * it now still matches when the delete runs (a later message has a later time and a higher offset).
     */
    private List<AttachmentId> attached(Function<DbExecute, Stream<DbRow>> query) {
        return database.autoCommit("purged attachments", db -> {
            try (Stream<DbRow> rows = query.apply(db)) {
                return rows.map(row -> new AttachmentId(Rows.string(row, "attachment_id"))).toList();
            }
        });
    }

    /** Deletes up to {@value #CHUNK} of the conversation's messages at or below the trim's offset. */
    static long trim(DbExecute db, Trim trim) {
        return db.createNamedDelete("purge-trim", TRIM).addParam("id", trim.conversation())
                .addParam("upTo", trim.upTo()).execute();
    }

    private static long inChunks(LongSupplier chunk) {
        long total = 0;
        long deleted;
        do {
            deleted = chunk.getAsLong();
            total += deleted;
        } while (deleted >= CHUNK);
        return total;
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
    record Trim(String conversation, long upTo) {
    }
}

package io.parley.adapter.out.persistence.jdbc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import io.parley.adapter.out.persistence.attachment.Completing;
import io.parley.adapter.out.persistence.attachment.Pieces;
import io.parley.application.port.out.AttachmentStorePort;
import io.parley.domain.attachment.Attachment;
import io.parley.domain.attachment.NewUpload;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.AttachmentId;
import io.parley.domain.conversation.ConversationId;

/**
 * Uploads and attachments in the tables {@code attachments} and {@code attachment_chunks}: each appended frame is
 * one chunk row, written with the upload's count under its row lock; completing hashes the chunks one row at a
 * time ({@link ChunkStream}), so that no file is ever whole in memory.
 */
final class JdbcAttachments implements AttachmentStorePort {
    private static final String COLUMNS = "id, conversation_id, uploader, name, mime, size, expected_sha256, sha256,"
            + " received, started_at";
    private static final String READ = "SELECT " + COLUMNS + " FROM attachments WHERE id = :id";
    private static final String LOCK = READ + " FOR UPDATE";
    private static final String INSERT = "INSERT INTO attachments (" + COLUMNS + ") VALUES (:id, :conversation,"
            + " :uploader, :name, :mime, :size, :expected, NULL, 0, :at) ON CONFLICT DO NOTHING";
    private static final String ADD_CHUNK = "INSERT INTO attachment_chunks (attachment_id, chunk, start_at, bytes)"
            + " VALUES (:id, :chunk, :start, :bytes)";
    private static final String COUNT_CHUNKS = "SELECT COUNT(*) AS n FROM attachment_chunks WHERE attachment_id = :id";
    private static final String RECEIVED = "UPDATE attachments SET received = :received WHERE id = :id";
    private static final String COMPLETE = "UPDATE attachments SET sha256 = :sha256 WHERE id = :id";
    private static final String DELETE_ONE = "DELETE FROM attachments WHERE id = :id";
    private static final String DELETE_CHUNKS = "DELETE FROM attachment_chunks WHERE attachment_id = :id";
    private static final String EXPIRED = "SELECT id FROM attachments WHERE sha256 IS NULL AND started_at < :before";
    private static final String OF_CONVERSATION = "SELECT id FROM attachments WHERE conversation_id = :conversation";

    private final Database database;

    JdbcAttachments(Database database) {
        this.database = database;
    }

    @Override
    public Upload begin(NewUpload upload) {
        return database.inTransaction("begin upload", tx -> {
            tx.createNamedInsert("upload-insert", INSERT).addParam("id", upload.id().value())
                    .addParam("conversation", upload.conversation().value())
                    .addParam("uploader", upload.uploader().value()).addParam("name", upload.name())
                    .addParam("mime", upload.mime()).addParam("size", upload.size())
                    .addParam("expected", upload.sha256().orElse(null))
                    .addParam("at", Rows.timestamp(upload.at())).execute();
            DbRow row = tx.createNamedGet("upload-lock", LOCK).addParam("id", upload.id().value()).execute()
                    .orElseThrow();
            if (Rows.string(row, "sha256") != null) {
                throw new IllegalStateException("upload " + upload.id() + " is complete already");
            }
            return new Upload(announced(row), row.column("received").getLong());
        });
    }

    @Override
    public Optional<Upload> upload(AttachmentId id) {
        return database.autoCommit("read upload", db -> read(db, id))
                .filter(row -> Rows.string(row, "sha256") == null)
                .map(row -> new Upload(announced(row), row.column("received").getLong()));
    }

    @Override
    public long append(AttachmentId id, long at, byte[] bytes) {
        return database.inTransaction("append upload", tx -> {
            DbRow row = tx.createNamedGet("upload-lock", LOCK).addParam("id", id.value()).execute()
                    .filter(r -> Rows.string(r, "sha256") == null)
                    .orElseThrow(() -> new IllegalStateException("no upload " + id + " in progress"));
            long received = row.column("received").getLong();
            if (received != at || at + bytes.length > row.column("size").getLong()) {
                throw new IllegalStateException("upload " + id + " holds " + received + " bytes, of "
                        + row.column("size").getLong());
            }
            if (bytes.length > 0) {
                int chunk = (int) tx.createNamedGet("chunk-count", COUNT_CHUNKS).addParam("id", id.value()).execute()
                        .orElseThrow().column("n").getLong();
                tx.createNamedInsert("chunk-insert", ADD_CHUNK).addParam("id", id.value()).addParam("chunk", chunk)
                        .addParam("start", at).addParam("bytes", bytes).execute();
                tx.createNamedUpdate("upload-received", RECEIVED).addParam("id", id.value())
                        .addParam("received", at + bytes.length).execute();
            }
            return at + bytes.length;
        });
    }

    @Override
    public Completion complete(AttachmentId id) {
        Optional<Upload> upload = upload(id);
        return Completing.complete(upload,
                () -> new ChunkStream(database, id, 0, upload.orElseThrow().upload().size()), () -> remove(id),
                digest -> database.autoCommit("complete upload", db -> db.createNamedUpdate("upload-complete",
                        COMPLETE).addParam("id", id.value()).addParam("sha256", digest).execute()));
    }

    @Override
    public Optional<Attachment> attachment(AttachmentId id) {
        return database.autoCommit("read attachment", db -> read(db, id))
                .filter(row -> Rows.string(row, "sha256") != null)
                .map(row -> announced(row).completed(row.column("sha256").getString()));
    }

    @Override
    public long read(AttachmentId id, long from, long length, Consumer<byte[]> pieces) {
        Attachment attachment = attachment(id).orElseThrow(() -> new IllegalStateException("no attachment " + id));
        long end = Math.min(attachment.size(), from + Math.max(0, Math.min(length, attachment.size())));
        return Pieces.pump(new ChunkStream(database, id, Math.min(from, end), end), pieces);
    }

    @Override
    public int expireUploads(Instant before) {
        return removeAll(database.autoCommit("expired uploads", db -> db.createNamedQuery("uploads-expired", EXPIRED)
                .addParam("before", Rows.timestamp(before)).execute()
                .map(row -> row.column("id").getString()).toList()));
    }

    @Override
    public int deleteConversation(ConversationId conversation) {
        return removeAll(database.autoCommit("attachments of", db -> db.createNamedQuery("attachments-of",
                        OF_CONVERSATION).addParam("conversation", conversation.value()).execute()
                .map(row -> row.column("id").getString()).toList()));
    }

    @Override
    public boolean delete(AttachmentId id) {
        return remove(id) > 0;
    }

    private int removeAll(List<String> ids) {
        ids.forEach(id -> remove(new AttachmentId(id)));
        return ids.size();
    }

    private long remove(AttachmentId id) {
        return database.inTransaction("remove attachment", tx -> {
            tx.createNamedDelete("chunks-delete", DELETE_CHUNKS).addParam("id", id.value()).execute();
            return tx.createNamedDelete("attachment-delete", DELETE_ONE).addParam("id", id.value()).execute();
        });
    }

    private static Optional<DbRow> read(DbExecute db, AttachmentId id) {
        return db.createNamedGet("attachment-read", READ).addParam("id", id.value()).execute();
    }

    private static NewUpload announced(DbRow row) {
        return new NewUpload(new AttachmentId(row.column("id").getString()),
                new ConversationId(row.column("conversation_id").getString()),
                new UserId(row.column("uploader").getString()), row.column("name").getString(),
                row.column("mime").getString(), row.column("size").getLong(),
                Optional.ofNullable(Rows.string(row, "expected_sha256")),
                Rows.instant(row, "started_at"));
    }
}

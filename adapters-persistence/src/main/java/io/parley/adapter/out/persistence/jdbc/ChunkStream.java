package io.parley.adapter.out.persistence.jdbc;

import java.io.InputStream;

import io.helidon.dbclient.DbRow;

import io.parley.domain.conversation.AttachmentId;

/**
 * An attachment's bytes from {@code from} to {@code end} as a stream that reads one chunk row at a time, when its
 * reader gets there: a file is never whole in memory, whatever its size.
 */
final class ChunkStream extends InputStream {
    private static final String CHUNK_AT = "SELECT start_at, bytes FROM attachment_chunks WHERE attachment_id = :id"
            + " AND start_at <= :at ORDER BY start_at DESC LIMIT 1";

    private final Database database;
    private final AttachmentId id;
    private final long end;
    private long position;
    private byte[] chunk = new byte[0];
    private long chunkStart;

    ChunkStream(Database database, AttachmentId id, long from, long end) {
        this.database = database;
        this.id = id;
        this.position = from;
        this.end = end;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
        if (position >= end) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        if (position < chunkStart || position >= chunkStart + chunk.length) {
            DbRow row = database.autoCommit("read chunk", db -> db.createNamedGet("chunk-at", CHUNK_AT)
                    .addParam("id", id.value()).addParam("at", position).execute())
                    .orElseThrow(() -> new IllegalStateException("attachment " + id + " lacks its byte " + position));
            chunkStart = row.column("start_at").getLong();
            chunk = row.column("bytes").get(byte[].class);
            if (position >= chunkStart + chunk.length) {
                throw new IllegalStateException("attachment " + id + " lacks its byte " + position);
            }
        }
        int within = (int) (position - chunkStart);
        int count = (int) Math.min(Math.min(length, chunk.length - within), end - position);
        System.arraycopy(chunk, within, into, offset, count);
        position += count;
        return count;
    }
}

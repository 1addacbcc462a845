-- Parley conversation store, version 7: uploads and the attachments they become, their bytes in the database, so
-- that one backup holds everything. Like V1, one script for PostgreSQL and for H2 in MODE=PostgreSQL.

-- One row per upload: what was announced, how many bytes are held (received), and once complete its SHA-256
-- (sha256 is null while the upload is in progress). Uploads never completed are removed after a while.
CREATE TABLE attachments (
    id              VARCHAR(64)              NOT NULL,
    conversation_id VARCHAR(128)             NOT NULL,
    uploader        VARCHAR(128)             NOT NULL,
    name            VARCHAR(255)             NOT NULL,
    mime            VARCHAR(129)             NOT NULL,
    size            BIGINT                   NOT NULL,
    expected_sha256 VARCHAR(64),
    sha256          VARCHAR(64),
    received        BIGINT                   NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT attachments_pk PRIMARY KEY (id),
    CONSTRAINT attachments_received_within_size CHECK (received >= 0 AND received <= size)
);
CREATE INDEX attachments_conversation_idx ON attachments (conversation_id);
CREATE INDEX attachments_started_at_idx ON attachments (started_at);

-- The bytes, one row per frame that brought them (each at most the largest WebSocket message), in order: chunk
-- counts from 0 and start_at is the offset of its first byte. Read one row at a time, so no file is ever whole in
-- memory.
CREATE TABLE attachment_chunks (
    attachment_id VARCHAR(64) NOT NULL,
    chunk         INTEGER     NOT NULL,
    start_at      BIGINT      NOT NULL,
    bytes         BYTEA       NOT NULL,
    CONSTRAINT attachment_chunks_pk PRIMARY KEY (attachment_id, chunk)
);

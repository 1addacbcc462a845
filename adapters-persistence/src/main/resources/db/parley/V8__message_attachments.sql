-- Parley conversation store, version 8: a message may carry an uploaded file. Like V1, one script for PostgreSQL
-- and for H2 in MODE=PostgreSQL.

-- What the message says about its attachment (the bytes are in attachments/attachment_chunks, or in the file
-- store): null for a message without one, so older rows read back unchanged and adding them rewrites no row. They
-- are columns of the message's own row, as the agent parts are (V4): an append stays one multi-row INSERT and a
-- page of history one range scan, without a join; and the message reads back whole even when the bytes are kept
-- elsewhere than the database.
ALTER TABLE messages ADD COLUMN attachment_id VARCHAR(64);
ALTER TABLE messages ADD COLUMN attachment_name VARCHAR(255);
ALTER TABLE messages ADD COLUMN attachment_mime VARCHAR(129);
ALTER TABLE messages ADD COLUMN attachment_size BIGINT;
ALTER TABLE messages ADD COLUMN attachment_sha256 VARCHAR(64);

-- All five or none.
ALTER TABLE messages ADD CONSTRAINT messages_attachment_whole CHECK (
    (attachment_id IS NULL AND attachment_name IS NULL AND attachment_mime IS NULL AND attachment_size IS NULL
        AND attachment_sha256 IS NULL)
    OR (attachment_id IS NOT NULL AND attachment_name IS NOT NULL AND attachment_mime IS NOT NULL
        AND attachment_size IS NOT NULL AND attachment_sha256 IS NOT NULL));

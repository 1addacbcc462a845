-- Parley conversation store, version 9: edits and deletes, and read markers. Like V1, one script for PostgreSQL
-- and for H2 in MODE=PostgreSQL.

-- An edit or a delete is an entry of the conversation's log at an offset of its own (so that replay, recovery and
-- paging stay exact), in the messages table like any message: change_kind says which ('edited' or 'deleted') and
-- change_target which message it changed (its message_id). The message itself is updated in the same transaction
-- to what it now is: edited_at and its new content, or deleted_at with its content, tool calls, reasoning and
-- attachment gone (the row stays, so that offsets stay gapless: it is shown nowhere). All null for older rows.
ALTER TABLE messages ADD COLUMN change_kind VARCHAR(16);
ALTER TABLE messages ADD COLUMN change_target VARCHAR(64);
ALTER TABLE messages ADD COLUMN edited_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE messages ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE messages ADD CONSTRAINT messages_change_known
    CHECK (change_kind IS NULL OR (change_kind IN ('edited', 'deleted') AND change_target IS NOT NULL));

-- Content may now also be empty in a deleted message and in the entry of a delete.
ALTER TABLE messages DROP CONSTRAINT messages_content_present;
ALTER TABLE messages ADD CONSTRAINT messages_content_present
    CHECK (content <> '' OR tool_calls IS NOT NULL OR role = 'tool' OR deleted_at IS NOT NULL
        OR change_kind = 'deleted');

-- A member's read marker: the offset they have read up to (0: nothing), never moving backwards.
ALTER TABLE members ADD COLUMN read_offset BIGINT NOT NULL DEFAULT 0;

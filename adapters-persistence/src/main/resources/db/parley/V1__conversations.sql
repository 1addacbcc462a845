-- Parley conversation store, version 1. One script for PostgreSQL and for H2 in MODE=PostgreSQL:
-- plain SQL types only, no casts, and no identifier that H2 2.x reserves (user, value, offset, key, row).

-- One row per conversation. last_offset is the highest offset ever given in it: appends lock this row
-- (SELECT ... FOR UPDATE), take the next offsets after it and raise it in the same transaction. Purging
-- messages never lowers it, so offsets are never reused.
CREATE TABLE conversations (
    id          VARCHAR(128)             NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_offset BIGINT                   NOT NULL DEFAULT 0,
    CONSTRAINT conversations_pk PRIMARY KEY (id),
    CONSTRAINT conversations_last_offset_not_negative CHECK (last_offset >= 0)
);

CREATE TABLE members (
    conversation_id VARCHAR(128)             NOT NULL,
    user_id         VARCHAR(128)             NOT NULL,
    role            VARCHAR(16)              NOT NULL,
    joined_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT members_pk PRIMARY KEY (conversation_id, user_id),
    CONSTRAINT members_conversation_fk FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE,
    CONSTRAINT members_role_known CHECK (role IN ('owner', 'member', 'viewer'))
);

-- content: up to 1,000,000 characters (H2's largest VARCHAR; the gateway caps a message at 64 KiB).
-- The id constraint lists message_id first: H2 looks up an IN list through an index only on its first column,
-- and an append checks its batch's ids with "conversation_id = ? AND message_id IN (...)".
CREATE TABLE messages (
    conversation_id VARCHAR(128)             NOT NULL,
    msg_offset      BIGINT                   NOT NULL,
    message_id      VARCHAR(64)              NOT NULL,
    role            VARCHAR(16)              NOT NULL,
    sender          VARCHAR(128)             NOT NULL,
    content         VARCHAR(1000000)         NOT NULL,
    sent_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    run_id          VARCHAR(128),
    CONSTRAINT messages_pk PRIMARY KEY (conversation_id, msg_offset),
    CONSTRAINT messages_id_unique UNIQUE (message_id, conversation_id),
    CONSTRAINT messages_conversation_fk FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE,
    CONSTRAINT messages_offset_positive CHECK (msg_offset >= 1),
    CONSTRAINT messages_role_known CHECK (role IN ('user', 'assistant', 'system'))
);

-- Retention by age scans by time.
CREATE INDEX messages_sent_at_idx ON messages (sent_at);

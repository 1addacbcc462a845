-- Parley conversation store, version 2: deleting conversations, and listing a user's memberships. Like V1, one
-- script for PostgreSQL and for H2 in MODE=PostgreSQL: plain SQL types only, no casts, and no identifier that H2 2.x
-- reserves (user, value, offset, key, row).

-- A deleted conversation keeps its row as a tombstone: deleted_at says when it was deleted, its members and
-- messages are gone, and last_offset stays, so that the conversation, once created again, gives offsets after the
-- old ones. Every read, enrolment and append treats a row with deleted_at set as a conversation that does not
-- exist; creating it again clears deleted_at and sets created_at. Rows from V1 are conversations that exist.
ALTER TABLE conversations ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;

-- A user's memberships, by conversation id: the primary key (conversation_id, user_id) serves a conversation's
-- members in user id order, this index serves one user's conversations in conversation id order.
CREATE INDEX members_user_idx ON members (user_id, conversation_id);

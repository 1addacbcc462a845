-- Parley conversation store, version 5: the shared state of conversations (AG-UI's state, shared between the
-- members and the agent). Like V1, one script for PostgreSQL and for H2 in MODE=PostgreSQL: plain SQL types only.

-- One row per conversation that has a state: the JSON value as text (the gateway bounds it, 64 KiB by default) and
-- its version, which each change raises by one. A change is a compare and set on the version (UPDATE ... WHERE
-- version = the one the change was made to; the first version is an INSERT, of which racing inserts let one win),
-- so two changes to one version never both win, on any node. No foreign key to conversations: a state is written
-- without waiting for the conversation's row lock, which appends hold; deleting a conversation deletes its state.
CREATE TABLE conversation_states (
    conversation_id VARCHAR(128)             NOT NULL,
    version         BIGINT                   NOT NULL,
    state           TEXT                     NOT NULL,
    CONSTRAINT conversation_states_pk PRIMARY KEY (conversation_id),
    CONSTRAINT conversation_states_version_positive CHECK (version > 0)
);

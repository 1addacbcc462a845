-- Parley conversation store, version 6: the tools a backend sets for a conversation (AG-UI Tool[]), which every
-- run there may call. Like V1, one script for PostgreSQL and for H2 in MODE=PostgreSQL: plain SQL types only.

-- One row per conversation that has tools: a JSON array [{name, description, parameters, metadata}] (the last two
-- JSON text as given). Setting them replaces the row; clearing them, or deleting the conversation, removes it.
CREATE TABLE conversation_tools (
    conversation_id VARCHAR(128) NOT NULL,
    tools           TEXT         NOT NULL,
    CONSTRAINT conversation_tools_pk PRIMARY KEY (conversation_id)
);

-- Parley conversation store, version 4: what a message carries when an agent is at work. Like V1, one script for
-- PostgreSQL and for H2 in MODE=PostgreSQL: plain SQL types only, no casts, and no identifier that H2 2.x reserves
-- (user, value, offset, key, row).

-- The three columns are null for a plain message, so rows from V1-V3 read back as plain text, and adding them
-- rewrites no row (no default). They are columns of the message's own row, not a child table: an append stays one
-- multi-row INSERT, and a page of history one range scan along the primary key, without a join.
--
-- tool_calls: the tool calls an assistant message asked for, as one JSON array written and read by the store alone:
-- [{"id": "...", "name": "...", "arguments": "..."}], in the order the model made them, with the arguments as a JSON
-- string holding the model's text verbatim (it may be any text: never parsed, never normalised). TEXT, unbounded:
-- one call's arguments may be as long as a message's content, and there may be several, escaped (H2 2.3 makes TEXT
-- a CHARACTER VARYING of up to 10^9 characters, read back as a plain string).
ALTER TABLE messages ADD COLUMN tool_calls TEXT;

-- tool_call_id: the call a tool message answers (ToolCall.MAX_NAME_LENGTH characters at most).
ALTER TABLE messages ADD COLUMN tool_call_id VARCHAR(256);

-- reasoning: what the model showed before it answered, kept apart from content (it is never sent back to a model
-- as part of the answer); as long as content may be.
ALTER TABLE messages ADD COLUMN reasoning VARCHAR(1000000);

-- A tool message is a tool result: role 'tool'.
ALTER TABLE messages DROP CONSTRAINT messages_role_known;
ALTER TABLE messages ADD CONSTRAINT messages_role_known CHECK (role IN ('user', 'assistant', 'system', 'tool'));

-- What the domain requires, backed up here: content may be empty only in an assistant message that asks for tool
-- calls, and in a tool message; a tool message names the call it answers.
ALTER TABLE messages ADD CONSTRAINT messages_content_present
    CHECK (content <> '' OR tool_calls IS NOT NULL OR role = 'tool');
ALTER TABLE messages ADD CONSTRAINT messages_tool_answers_a_call CHECK (role <> 'tool' OR tool_call_id IS NOT NULL);

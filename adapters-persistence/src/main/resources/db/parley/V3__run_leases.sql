-- Parley conversation store, version 3: run leases, which keep assistant runs one at a time per conversation across
-- every gateway node. Like V1, one script for PostgreSQL and for H2 in MODE=PostgreSQL: plain SQL types only, no
-- casts, and no identifier that H2 2.x reserves (user, value, offset, key, row).

-- At most one lease per conversation (the primary key), and a run holds at most one (run_id is unique: it is how a
-- node finds the conversation and starter of a run it does not run itself). The node running the run renews
-- expires_at; a lease whose expires_at has passed belongs to a node that went away, and is taken over by the next
-- run there or removed by whichever node reaps it first (SELECT ... FOR UPDATE SKIP LOCKED, then DELETE).
-- No foreign key to conversations: a lease is taken before the run reads its conversation and may outlive a deleted
-- one for as long as that run takes to end; and writing a lease never waits for the conversation's row lock, which
-- appends hold.
CREATE TABLE run_leases (
    conversation_id VARCHAR(128)             NOT NULL,
    run_id          VARCHAR(64)              NOT NULL,
    started_by      VARCHAR(128)             NOT NULL,
    node            VARCHAR(256)             NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT run_leases_pk PRIMARY KEY (conversation_id),
    CONSTRAINT run_leases_run_unique UNIQUE (run_id)
);

-- Reaping looks for the leases that expired first.
CREATE INDEX run_leases_expires_at_idx ON run_leases (expires_at);

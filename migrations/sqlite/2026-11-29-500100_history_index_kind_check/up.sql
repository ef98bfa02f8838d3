-- History lists changes newest first by walking each cause's entries down their ids
-- (cause = $1 AND id < $2 ORDER BY id DESC LIMIT $3) instead of grouping the whole
-- ledger (docs/benchmarks.md, issue 11). Without this index SQLite takes the
-- (cause, cause_id) index for the equality and sorts every entry of the cause.
CREATE INDEX ledger_entries_cause_newest ON ledger_entries (cause, id);

-- Place kinds: SQLite kept their CHECK (the partners migration made the table again
-- with 'partner' in it); PostgreSQL's is added back in its own copy of this migration.

-- History lists changes newest first by walking each cause's entries down their ids
-- (cause = $1 AND id < $2 ORDER BY id DESC LIMIT $3) instead of grouping the whole
-- ledger (docs/benchmarks.md, issue 11): a backward range scan that stops at the page.
CREATE INDEX ledger_entries_cause_newest ON ledger_entries (cause, id);

-- Place kinds lost their CHECK when the partners migration dropped
-- locations_kind_check to add 'partner' (SQLite's table was made again with it).
-- Named apart from the old one: on a new database this migration runs before the
-- partners one, whose DROP CONSTRAINT IF EXISTS must not take it away.
ALTER TABLE locations ADD CONSTRAINT locations_kind_known
    CHECK (kind IN ('warehouse', 'site', 'van', 'partner'));

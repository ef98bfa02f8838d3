-- A volunteer's own last change, the one corrections offer to undo (actor = $1 ORDER BY
-- id DESC LIMIT 1): a scan of the whole ledger without it (docs/benchmarks.md, "Query
-- plans": 358 ms over 1 000 000 rows, 0.09 ms with it).
CREATE INDEX ledger_entries_actor ON ledger_entries (actor, id);

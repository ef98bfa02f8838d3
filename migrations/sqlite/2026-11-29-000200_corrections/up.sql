-- Corrections (issue 9): a new change that reverses or adjusts an earlier one. It names
-- the change it corrects by that change's ledger cause and id (a correction may correct
-- a correction); its own ledger entries have cause 'correction' and this id. Nothing
-- earlier is ever edited or deleted. (ledger_entries.cause has no CHECK: no change there.)
CREATE TABLE corrections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    of_cause TEXT NOT NULL,
    of_id BIGINT NOT NULL,
    reason TEXT NOT NULL,
    actor TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX corrections_of ON corrections (of_cause, of_id);

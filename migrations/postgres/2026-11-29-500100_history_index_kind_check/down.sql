ALTER TABLE locations DROP CONSTRAINT locations_kind_known;
DROP INDEX ledger_entries_cause_newest;

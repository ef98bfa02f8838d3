DROP INDEX ledger_entries_actor;

-- Issue 11. The catalogue and the places are cached by each process; this row's
-- version is set to a new random number by every change to them (in the changing
-- transaction), so a process compares one number instead of loading both tables on
-- every write. Random, not counted: a rolled-back change must not leave its number
-- to be reused by the next one. `token` tells databases apart inside one process.
CREATE TABLE lookup_version (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    token BIGINT NOT NULL,
    version BIGINT NOT NULL
);
INSERT INTO lookup_version (id, token, version) VALUES (1, abs(random() / 2), 0);
CREATE TRIGGER categories_insert_bumps AFTER INSERT ON categories
BEGIN UPDATE lookup_version SET version = abs(random() / 2); END;
CREATE TRIGGER categories_update_bumps AFTER UPDATE ON categories
BEGIN UPDATE lookup_version SET version = abs(random() / 2); END;
CREATE TRIGGER categories_delete_bumps AFTER DELETE ON categories
BEGIN UPDATE lookup_version SET version = abs(random() / 2); END;
CREATE TRIGGER locations_insert_bumps AFTER INSERT ON locations
BEGIN UPDATE lookup_version SET version = abs(random() / 2); END;
CREATE TRIGGER locations_update_bumps AFTER UPDATE ON locations
BEGIN UPDATE lookup_version SET version = abs(random() / 2); END;
CREATE TRIGGER locations_delete_bumps AFTER DELETE ON locations
BEGIN UPDATE lookup_version SET version = abs(random() / 2); END;

-- Exports and reports filter the ledger by time; keys expire by age.
CREATE INDEX ledger_entries_at ON ledger_entries (at);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- The login throttle's counters, shared by every process on the database.
-- `counter` is the SHA-256 of the counter's name, which holds a handle or an address.
CREATE TABLE login_throttle (
    counter TEXT PRIMARY KEY NOT NULL,
    failures BIGINT NOT NULL,
    since TIMESTAMP NOT NULL,
    known_at TIMESTAMP
);

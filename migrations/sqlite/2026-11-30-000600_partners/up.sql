-- Partner collectives (issue 18): another Haul, known only by its public key, that goods
-- are handed to or received from by signed files carried by hand.

-- A partner is a place stock can go (kind 'partner', never an address). SQLite cannot
-- change a CHECK in place, so the table is made again with the same rows and ids; the
-- foreign keys that point at it are checked when the migration commits.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE locations_copy AS SELECT * FROM locations;
DROP TABLE locations;
CREATE TABLE locations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('warehouse', 'site', 'van', 'partner')),
    address TEXT,
    region TEXT,
    created_at TIMESTAMP NOT NULL,
    archived_at TIMESTAMP
);
INSERT INTO locations (id, slug, name, kind, address, region, created_at, archived_at)
    SELECT id, slug, name, kind, address, region, created_at, archived_at FROM locations_copy;
DROP TABLE locations_copy;
-- Dropping the table dropped the triggers that tell each process's catalogue and places
-- cache that the places changed (2026-11-30-000200_scale): made again here.
CREATE TRIGGER locations_insert_bumps AFTER INSERT ON locations
BEGIN UPDATE lookup_version SET version = abs(random() / 2); END;
CREATE TRIGGER locations_update_bumps AFTER UPDATE ON locations
BEGIN UPDATE lookup_version SET version = abs(random() / 2); END;
CREATE TRIGGER locations_delete_bumps AFTER DELETE ON locations
BEGIN UPDATE lookup_version SET version = abs(random() / 2); END;
-- The rebuilt table is a change to the places.
UPDATE lookup_version SET version = abs(random() / 2);

-- The collective's own signing key (one row). It lives in the database so that every
-- process on one PostgreSQL database signs as one collective, and so that SQLCipher
-- encrypts it with everything else.
CREATE TABLE collective_keys (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    secret TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE partners (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code_name TEXT NOT NULL UNIQUE,
    public_key TEXT NOT NULL UNIQUE,
    direction TEXT NOT NULL CHECK (direction IN ('give', 'receive', 'both')),
    valid_until DATE NOT NULL,
    location_id BIGINT NOT NULL REFERENCES locations (id),
    actor TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- One handover, as this side sees it. `transfer` is the random id both sides share;
-- `last_sha` is the SHA-256 of the newest file of its exchange, which the next must name.
CREATE TABLE partner_transfers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    transfer TEXT NOT NULL UNIQUE,
    partner_id BIGINT NOT NULL REFERENCES partners (id),
    side TEXT NOT NULL CHECK (side IN ('give', 'receive')),
    state TEXT NOT NULL,
    warehouse_id BIGINT REFERENCES locations (id),
    expires_on DATE NOT NULL,
    note TEXT,
    intake_id BIGINT REFERENCES intakes (id),
    last_sha TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX partner_transfers_state ON partner_transfers (state, warehouse_id);

CREATE TABLE partner_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    transfer_id BIGINT NOT NULL REFERENCES partner_transfers (id),
    line_no BIGINT NOT NULL,
    category TEXT NOT NULL,
    category_name TEXT NOT NULL,
    category_id BIGINT REFERENCES categories (id),
    condition TEXT NOT NULL,
    unit_volume_l DOUBLE NOT NULL,
    unit_weight_kg DOUBLE NOT NULL,
    offered BIGINT NOT NULL,
    accepted BIGINT,
    dispatched BIGINT,
    received BIGINT,
    received_condition TEXT,
    reason TEXT,
    UNIQUE (transfer_id, line_no)
);

-- Every file made or imported, byte for byte: the replay guard and the paper trail.
CREATE TABLE partner_files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    transfer_id BIGINT NOT NULL REFERENCES partner_transfers (id),
    kind TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL,
    made_here BOOLEAN NOT NULL,
    actor TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE partner_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    transfer_id BIGINT NOT NULL REFERENCES partner_transfers (id),
    state TEXT NOT NULL,
    detail TEXT,
    actor TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX partner_events_transfer ON partner_events (transfer_id);

-- A partner's category slug mapped once to one of ours.
CREATE TABLE partner_categories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    partner_id BIGINT NOT NULL REFERENCES partners (id),
    their_slug TEXT NOT NULL,
    category_id BIGINT NOT NULL REFERENCES categories (id),
    UNIQUE (partner_id, their_slug)
);

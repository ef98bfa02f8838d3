CREATE TABLE categories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    unit_volume_l DOUBLE NOT NULL CHECK (unit_volume_l > 0),
    unit_weight_kg DOUBLE NOT NULL CHECK (unit_weight_kg > 0),
    dangerous_goods BOOLEAN NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE locations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('warehouse', 'site', 'van')),
    address TEXT,
    region TEXT,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE intakes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL,
    warehouse_id BIGINT NOT NULL REFERENCES locations (id),
    received_on DATE NOT NULL,
    note TEXT,
    actor TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX intakes_received_on ON intakes (received_on);

-- Transfers, regrades, stocktakes and write-offs: the cause of their ledger entries.
CREATE TABLE movements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    location_id BIGINT NOT NULL REFERENCES locations (id),
    to_location_id BIGINT REFERENCES locations (id),
    reason TEXT,
    actor TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE ledger_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    cause TEXT NOT NULL,
    cause_id BIGINT NOT NULL,
    location_id BIGINT NOT NULL REFERENCES locations (id),
    category_id BIGINT NOT NULL REFERENCES categories (id),
    condition TEXT NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity <> 0)
);
CREATE INDEX ledger_entries_cause ON ledger_entries (cause, cause_id);
CREATE INDEX ledger_entries_location ON ledger_entries (location_id, category_id);

CREATE TABLE stock (
    location_id BIGINT NOT NULL REFERENCES locations (id),
    category_id BIGINT NOT NULL REFERENCES categories (id),
    condition TEXT NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity >= 0),
    PRIMARY KEY (location_id, category_id, condition)
);

CREATE TABLE idempotency_keys (
    key TEXT PRIMARY KEY NOT NULL,
    request_hash TEXT NOT NULL,
    status_code INTEGER NOT NULL,
    response_body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

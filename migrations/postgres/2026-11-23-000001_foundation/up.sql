CREATE TABLE categories (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    unit_volume_l DOUBLE PRECISION NOT NULL CHECK (unit_volume_l > 0),
    unit_weight_kg DOUBLE PRECISION NOT NULL CHECK (unit_weight_kg > 0),
    dangerous_goods BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE locations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('warehouse', 'site', 'van')),
    address TEXT,
    region TEXT,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE intakes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind TEXT NOT NULL,
    location_id BIGINT NOT NULL REFERENCES locations (id),
    to_location_id BIGINT REFERENCES locations (id),
    reason TEXT,
    actor TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE ledger_entries (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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

-- Vans: each holds its load as its own location (kind 'van') while on the road.
CREATE TABLE vans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    capacity_l DOUBLE NOT NULL CHECK (capacity_l > 0),
    payload_kg DOUBLE NOT NULL CHECK (payload_kg > 0),
    location_id BIGINT NOT NULL UNIQUE REFERENCES locations (id),
    created_at TIMESTAMP NOT NULL
);

-- A run: one van from one warehouse to ordered stops. Its load, deliveries and return
-- are the ledger entries with causes 'load', 'delivery', 'return' and this id.
CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    van_id BIGINT NOT NULL REFERENCES vans (id),
    origin_id BIGINT NOT NULL REFERENCES locations (id),
    departs_on DATE NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('planning', 'loaded', 'delivered', 'done')),
    actor TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX runs_origin_status ON runs (origin_id, status);

CREATE TABLE run_stops (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id BIGINT NOT NULL REFERENCES runs (id),
    position BIGINT NOT NULL,
    site_id BIGINT NOT NULL REFERENCES locations (id),
    delivered_at TIMESTAMP,
    UNIQUE (run_id, position),
    UNIQUE (run_id, site_id)
);

-- Planned lines: what the plan (or a hand edit) puts on the van for each stop.
CREATE TABLE run_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id BIGINT NOT NULL REFERENCES runs (id),
    site_id BIGINT NOT NULL REFERENCES locations (id),
    category_id BIGINT NOT NULL REFERENCES categories (id),
    condition TEXT NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity > 0)
);
CREATE INDEX run_lines_run ON run_lines (run_id);

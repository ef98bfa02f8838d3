-- Boxes with QR labels. A box is a projection of the ledger entries that name it
-- (ledger_entries.box_id), kept in the same transaction as the entries; a blank box
-- (no category yet) is a label printed in advance, its code reserved.
CREATE TABLE boxes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    category_id BIGINT REFERENCES categories (id),
    condition TEXT,
    location_id BIGINT REFERENCES locations (id),
    quantity BIGINT NOT NULL DEFAULT 0 CHECK (quantity >= 0),
    -- Items tracked one by one (bikes): a box of one with a frame size and what is missing.
    frame_size TEXT,
    missing TEXT,
    created_at TIMESTAMP NOT NULL,
    filled_at TIMESTAMP
);
CREATE INDEX boxes_place ON boxes (location_id, category_id, condition);

-- What was done to a box: the cause of its ledger entries (cause 'box').
CREATE TABLE box_actions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    box_id BIGINT NOT NULL REFERENCES boxes (id),
    kind TEXT NOT NULL,
    other_box_id BIGINT REFERENCES boxes (id),
    detail TEXT,
    actor TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX box_actions_box ON box_actions (box_id);

ALTER TABLE ledger_entries ADD COLUMN box_id BIGINT REFERENCES boxes (id);
CREATE INDEX ledger_entries_box ON ledger_entries (box_id);

-- Categories tracked item by item (bikes by default).
ALTER TABLE categories ADD COLUMN tracked BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE categories SET tracked = TRUE WHERE slug = 'bike';

-- Boxes planned onto a run's stops, and when the driver scanned each one into the van.
CREATE TABLE run_boxes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id BIGINT NOT NULL REFERENCES runs (id),
    box_id BIGINT NOT NULL REFERENCES boxes (id),
    site_id BIGINT NOT NULL REFERENCES locations (id),
    scanned_at TIMESTAMP,
    UNIQUE (run_id, box_id)
);

-- A hand-out: what went out at a site on a day. Its given lines are the ledger entries
-- with cause 'hand-out' and this id; nothing here or there describes a person.
CREATE TABLE handouts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id BIGINT NOT NULL REFERENCES locations (id),
    handed_out_on DATE NOT NULL,
    note TEXT,
    actor TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX handouts_site_on ON handouts (site_id, handed_out_on);
CREATE INDEX handouts_on ON handouts (handed_out_on);

-- What people asked for at that hand-out but the site did not have: evidence for the
-- site's next need statement.
CREATE TABLE handout_unmet (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    handout_id BIGINT NOT NULL REFERENCES handouts (id),
    category_id BIGINT NOT NULL REFERENCES categories (id),
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    UNIQUE (handout_id, category_id)
);

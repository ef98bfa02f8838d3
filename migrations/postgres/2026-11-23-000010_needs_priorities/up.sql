-- What a site said it needs. Statements are never updated: a newer one for the same
-- site and category replaces the older in the current view, and the older stays here.
CREATE TABLE needs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id BIGINT NOT NULL REFERENCES locations (id),
    category_id BIGINT NOT NULL REFERENCES categories (id),
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    stated_on DATE NOT NULL,
    stated_by TEXT NOT NULL,
    needed_by DATE,
    actor TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX needs_site_category ON needs (site_id, category_id, stated_on);

-- Every version of the collective's priorities, as the JSON of a PrioritySet; the
-- current one is the highest version.
CREATE TABLE priority_versions (
    version BIGINT PRIMARY KEY NOT NULL CHECK (version > 0),
    body TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_at TIMESTAMP NOT NULL
);

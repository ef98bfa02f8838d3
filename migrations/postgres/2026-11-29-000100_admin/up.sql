-- Issue 9 (admin pages): volunteers can be deactivated and sent a one-time password
-- link; vans retire and places archive (gone from forms and plans, kept in history);
-- categories get a group for forms.
ALTER TABLE users ADD COLUMN deactivated_at TIMESTAMP;
ALTER TABLE vans ADD COLUMN retired_at TIMESTAMP;
ALTER TABLE locations ADD COLUMN archived_at TIMESTAMP;
ALTER TABLE categories ADD COLUMN category_group TEXT NOT NULL DEFAULT 'other'
    CHECK (category_group IN ('shelter', 'sleeping', 'cooking', 'clothing', 'food', 'bikes', 'other'));

UPDATE categories SET category_group = 'shelter'
    WHERE slug IN ('tent-2p', 'tent-4p', 'tent-family', 'tarpaulin', 'gazebo', 'rain-poncho');
UPDATE categories SET category_group = 'sleeping'
    WHERE slug IN ('sleeping-bag', 'sleeping-bag-winter', 'blanket', 'roll-mat', 'airbed');
UPDATE categories SET category_group = 'cooking'
    WHERE slug IN ('cooking-stove', 'gas-canister', 'cooking-pot', 'water-carrier');
UPDATE categories SET category_group = 'clothing'
    WHERE slug IN ('wellies', 'clothes-bag', 'backpack', 'towel');
UPDATE categories SET category_group = 'food' WHERE slug IN ('tinned-food');
UPDATE categories SET category_group = 'bikes' WHERE slug IN ('bike');

-- A one-time link to choose a password: only the token's hash is stored; it expires
-- and works once.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX password_resets_user ON password_resets (user_id);

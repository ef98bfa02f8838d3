DROP TABLE password_resets;
ALTER TABLE categories DROP COLUMN category_group;
ALTER TABLE locations DROP COLUMN archived_at;
ALTER TABLE vans DROP COLUMN retired_at;
ALTER TABLE users DROP COLUMN deactivated_at;

ALTER TABLE categories DROP COLUMN name_ar;
ALTER TABLE categories DROP COLUMN name_fr;
ALTER TABLE users DROP COLUMN lang;

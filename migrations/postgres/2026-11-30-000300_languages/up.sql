-- Issue 13: a volunteer's own language (en, fr, ar; none means the browser's), and
-- each category's name in French and Arabic (none means the default name).
ALTER TABLE users ADD COLUMN lang TEXT;
ALTER TABLE categories ADD COLUMN name_fr TEXT;
ALTER TABLE categories ADD COLUMN name_ar TEXT;

-- Issue 13: a volunteer's own language (en, fr, ar); none means the browser's.
ALTER TABLE users ADD COLUMN lang TEXT;

-- Issue 13: what Haul itself says about a box action, a handover's step and a safety
-- action is kept as facts (JSON: a kind code with numbers and names) and worded when
-- read, in the reader's language. Older rows keep only their English `detail`.
ALTER TABLE box_actions ADD COLUMN facts TEXT;
ALTER TABLE partner_events ADD COLUMN facts TEXT;
ALTER TABLE audit_log ADD COLUMN facts TEXT;

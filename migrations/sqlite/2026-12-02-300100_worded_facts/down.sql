ALTER TABLE audit_log DROP COLUMN facts;
ALTER TABLE partner_events DROP COLUMN facts;
ALTER TABLE box_actions DROP COLUMN facts;

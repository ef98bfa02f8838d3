DROP TABLE run_boxes;
ALTER TABLE categories DROP COLUMN tracked;
DROP INDEX ledger_entries_box;
ALTER TABLE ledger_entries DROP COLUMN box_id;
DROP TABLE box_actions;
DROP TABLE boxes;

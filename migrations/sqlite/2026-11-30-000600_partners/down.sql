DROP TABLE partner_categories;
DROP TABLE partner_events;
DROP TABLE partner_files;
DROP TABLE partner_lines;
DROP TABLE partner_transfers;
DROP TABLE partners;
DROP TABLE collective_keys;

DROP TABLE idempotency_keys;
DROP TABLE stock;
DROP TABLE ledger_entries;
DROP TABLE movements;
DROP TABLE intakes;
DROP TABLE locations;
DROP TABLE categories;

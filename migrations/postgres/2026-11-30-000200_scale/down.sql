DROP TABLE login_throttle;
DROP INDEX idempotency_keys_created;
DROP INDEX ledger_entries_at;
DROP TRIGGER locations_bump ON locations;
DROP TRIGGER categories_bump ON categories;
DROP FUNCTION lookup_version_bump();
DROP TABLE lookup_version;

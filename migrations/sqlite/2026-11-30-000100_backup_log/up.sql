-- Every backup that finished, whichever process made it (`haul backup` from a shell or
-- cron, or the schedule of `haul serve`): /metrics reports the newest. Only the time
-- and size: never where the file went.
CREATE TABLE backup_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    made_at TIMESTAMP NOT NULL,
    payload_bytes BIGINT NOT NULL,
    schema_version TEXT NOT NULL
);

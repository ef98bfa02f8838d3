-- Lock now (issue 15): one row. Tokens issued and sessions begun at or before
-- revoked_before are refused; while locked_at is set (a plain database) every login is
-- refused until `haul unlock` is run on the machine.
CREATE TABLE lockdown (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    revoked_before TIMESTAMP,
    locked_at TIMESTAMP
);
INSERT INTO lockdown (id) VALUES (1);

-- What was locked or forgotten, when and by whom: never what the forgotten text was.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);

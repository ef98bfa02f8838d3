-- Issue 9: a need statement made from hand-out evidence remembers the hand-outs whose
-- unmet requests it took in, so undoing one of them can offer to take the need back.
CREATE TABLE need_evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    need_id BIGINT NOT NULL REFERENCES needs (id),
    handout_id BIGINT NOT NULL REFERENCES handouts (id),
    UNIQUE (need_id, handout_id)
);
CREATE INDEX need_evidence_handout ON need_evidence (handout_id);

-- A statement taken back: it stays in the history, no longer in force, and the one
-- before it is in force again. Never an edit or a delete of the statement itself.
CREATE TABLE need_withdrawals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    need_id BIGINT NOT NULL UNIQUE REFERENCES needs (id),
    -- The undone hand-out whose requests it had been raised from.
    handout_id BIGINT REFERENCES handouts (id),
    actor TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

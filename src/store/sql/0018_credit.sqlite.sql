-- 0018 credit: the consequences of a missed deadline (issue 15 §1-3).
--   enterprise.legal_representative  the 法定代表人 the credit platform's records name (NULL: not
--                                    recorded; a record needing it is reported, not exported)
--   credit_authority    the unified social credit code of each authority of data/authorities.csv,
--                       set by the city (a fact of the deployment, not of the law)
--   credit_event        the repair flow of a credit record: apply, approve, refuse (append-only)
--   joint_action        what a department did under joint punishment (append-only)
--   credit_support      enterprises eligible for credit support (left low-end capacity of their
--                       own accord, merged, restructured, transformed: 实施意见 三(七))
-- A credit record itself is not stored: it is a measure event of a case that missed its deadline
-- (case_event is append-only), so it is derived, keyed by (case_id, event_seq).

ALTER TABLE enterprise ADD COLUMN legal_representative TEXT;

DROP TRIGGER enterprise_rev_u;
CREATE TRIGGER enterprise_rev_u AFTER UPDATE ON enterprise BEGIN
    INSERT INTO revision(table_name, op, old_values) VALUES ('enterprise', 'update',
        json_object('id', OLD.id, 'uscc', OLD.uscc, 'name', OLD.name, 'district_code', OLD.district_code,
                    'park_code', OLD.park_code, 'industry_code', OLD.industry_code,
                    'industry_edition', OLD.industry_edition, 'founded', OLD.founded, 'status', OLD.status,
                    'has_downstream', OLD.has_downstream, 'employees', OLD.employees,
                    'uscc_override_reason', OLD.uscc_override_reason, 'address', OLD.address,
                    'legal_representative', OLD.legal_representative));
END;

CREATE TABLE credit_authority (
    code   TEXT PRIMARY KEY,               -- data/authorities.csv code
    uscc   TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_at TEXT NOT NULL
);

CREATE TABLE credit_event (
    case_id   INTEGER NOT NULL REFERENCES case_file(id),
    event_seq INTEGER NOT NULL,            -- the measure's case_event.seq
    seq       INTEGER NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('repair_apply', 'repair_approve', 'repair_refuse')),
    on_date   TEXT NOT NULL,
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL,
    note      TEXT NOT NULL,
    proof     TEXT,                        -- the proof of rectification (a document reference)
    PRIMARY KEY (case_id, event_seq, seq)
);

CREATE TABLE joint_action (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES case_file(id),
    event_seq INTEGER NOT NULL,
    measure   TEXT NOT NULL,               -- data/joint_measures.csv key
    taken_on  TEXT NOT NULL,
    document  TEXT NOT NULL,
    note      TEXT,
    actor     TEXT NOT NULL,
    role      TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX joint_action_record ON joint_action(case_id, event_seq);

CREATE TABLE credit_support (
    id       INTEGER PRIMARY KEY,
    uscc     TEXT NOT NULL REFERENCES enterprise(uscc),
    kind     TEXT NOT NULL CHECK (kind IN ('voluntary_exit', 'merger', 'restructuring', 'transformation')),
    on_date  TEXT NOT NULL,
    document TEXT NOT NULL,
    note     TEXT,
    actor    TEXT NOT NULL,
    at       TEXT NOT NULL
);

CREATE TRIGGER credit_event_no_u BEFORE UPDATE ON credit_event BEGIN
    SELECT RAISE(ABORT, 'credit events are append-only');
END;
CREATE TRIGGER credit_event_no_d BEFORE DELETE ON credit_event BEGIN
    SELECT RAISE(ABORT, 'credit events are append-only');
END;
CREATE TRIGGER joint_action_no_u BEFORE UPDATE ON joint_action BEGIN
    SELECT RAISE(ABORT, 'joint actions are append-only');
END;
CREATE TRIGGER joint_action_no_d BEFORE DELETE ON joint_action BEGIN
    SELECT RAISE(ABORT, 'joint actions are append-only');
END;
CREATE TRIGGER credit_support_no_u BEFORE UPDATE ON credit_support BEGIN
    SELECT RAISE(ABORT, 'credit support entries are append-only');
END;
CREATE TRIGGER credit_support_no_d BEFORE DELETE ON credit_support BEGIN
    SELECT RAISE(ABORT, 'credit support entries are append-only');
END;

-- what `tick` found about a record's public period (made once per record and kind)
CREATE TABLE credit_flag (
    case_id   INTEGER NOT NULL REFERENCES case_file(id),
    event_seq INTEGER NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('period_ending', 'period_ended')),
    as_of     TEXT NOT NULL,
    message   TEXT NOT NULL,
    PRIMARY KEY (case_id, event_seq, kind)
);

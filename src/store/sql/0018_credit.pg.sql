-- 0018 credit: see 0018_credit.sqlite.sql for what each table holds.  The revision trigger of
-- enterprise is the generic po_revision() (0001), which takes the new column as it is.

ALTER TABLE enterprise ADD COLUMN legal_representative TEXT;

CREATE TABLE credit_authority (
    code   TEXT PRIMARY KEY,
    uscc   TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_at TEXT NOT NULL
);

CREATE TABLE credit_event (
    case_id   BIGINT NOT NULL REFERENCES case_file(id),
    event_seq INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('repair_apply', 'repair_approve', 'repair_refuse')),
    on_date   TEXT NOT NULL,
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL,
    note      TEXT NOT NULL,
    proof     TEXT,
    PRIMARY KEY (case_id, event_seq, seq)
);

CREATE TABLE joint_action (
    id        BIGINT PRIMARY KEY,
    case_id   BIGINT NOT NULL REFERENCES case_file(id),
    event_seq INTEGER NOT NULL,
    measure   TEXT NOT NULL,
    taken_on  TEXT NOT NULL,
    document  TEXT NOT NULL,
    note      TEXT,
    actor     TEXT NOT NULL,
    role      TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX joint_action_record ON joint_action(case_id, event_seq);

CREATE TABLE credit_support (
    id       BIGINT PRIMARY KEY,
    uscc     TEXT NOT NULL REFERENCES enterprise(uscc),
    kind     TEXT NOT NULL CHECK (kind IN ('voluntary_exit', 'merger', 'restructuring', 'transformation')),
    on_date  TEXT NOT NULL,
    document TEXT NOT NULL,
    note     TEXT,
    actor    TEXT NOT NULL,
    at       TEXT NOT NULL
);

CREATE FUNCTION credit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER credit_event_no_ud BEFORE UPDATE OR DELETE ON credit_event
    FOR EACH ROW EXECUTE FUNCTION credit_append_only();
CREATE TRIGGER joint_action_no_ud BEFORE UPDATE OR DELETE ON joint_action
    FOR EACH ROW EXECUTE FUNCTION credit_append_only();
CREATE TRIGGER credit_support_no_ud BEFORE UPDATE OR DELETE ON credit_support
    FOR EACH ROW EXECUTE FUNCTION credit_append_only();
ALTER TABLE credit_event ENABLE ALWAYS TRIGGER credit_event_no_ud;
ALTER TABLE joint_action ENABLE ALWAYS TRIGGER joint_action_no_ud;
ALTER TABLE credit_support ENABLE ALWAYS TRIGGER credit_support_no_ud;

CREATE TABLE credit_flag (
    case_id   BIGINT NOT NULL REFERENCES case_file(id),
    event_seq INTEGER NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('period_ending', 'period_ended')),
    as_of     TEXT NOT NULL,
    message   TEXT NOT NULL,
    PRIMARY KEY (case_id, event_seq, kind)
);

-- 0006 cases: enforcement cases (core/casefsm.h), their append-only event log, attachments
-- stored by SHA-256, the notifications of `phaseout tick`, and the hash-chained audit log.
-- case_file's state, deadline and deadline_alt are the only columns ever updated: a cache of
-- replaying case_event in seq order through casefsm (app/casedb.c does so on every action and
-- writes the result back in the same transaction).  Everything else is never updated or
-- deleted (triggers refuse).

CREATE TABLE case_file (
    id           BIGINT PRIMARY KEY,      -- assigned by the application: max + 1
    case_type    TEXT NOT NULL,            -- po_casefsm_type_name
    uscc         TEXT COLLATE "C" NOT NULL REFERENCES enterprise(uscc),
    equipment_id TEXT,                     -- the enterprise's unit number, or NULL
    finding_id   TEXT,                     -- evaluation_finding.finding_id it came from, or NULL
    state        TEXT NOT NULL,            -- derived: replay of case_event
    deadline     TEXT,                     -- derived: last day, reading 1 (YYYY-MM-DD)
    deadline_alt TEXT,                     -- derived: the other reading where unsettled
    opened_on    TEXT NOT NULL,            -- civil date
    opened_at    TEXT NOT NULL,            -- UTC timestamp
    opened_by    TEXT NOT NULL
);
CREATE INDEX case_file_state ON case_file(state);

CREATE TABLE case_event (
    id          BIGINT PRIMARY KEY,
    case_id     BIGINT NOT NULL REFERENCES case_file(id),
    seq         BIGINT NOT NULL,
    actor       TEXT NOT NULL,
    role        TEXT NOT NULL,
    at          TEXT NOT NULL,             -- UTC timestamp of the recording
    on_date     TEXT NOT NULL,             -- the day it takes effect
    event       TEXT NOT NULL,
    reason      TEXT,
    fields_json TEXT NOT NULL,             -- the --field pairs as given
    field_bits  BIGINT NOT NULL,          -- PO_F_* given
    doc_bits    BIGINT NOT NULL,          -- PO_DOC_* attached
    checklist   BIGINT NOT NULL,          -- PO_SEAL_* done
    months      BIGINT NOT NULL,
    limit_level BIGINT NOT NULL,
    years_worst BIGINT NOT NULL,
    prev_state  TEXT NOT NULL,
    new_state   TEXT NOT NULL,
    UNIQUE (case_id, seq)
);

CREATE TABLE attachment_blob (
    sha256  TEXT PRIMARY KEY,              -- hex of the content's SHA-256
    size    BIGINT NOT NULL,
    mime    TEXT NOT NULL,
    content TEXT NOT NULL                  -- base64 (portable: no BLOB in store.h)
);

CREATE TABLE case_attachment (
    id       BIGINT PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES case_event(id),
    doc      TEXT NOT NULL,                -- order, inspection, decision ...
    name     TEXT NOT NULL,                -- the file's base name as given
    sha256   TEXT NOT NULL REFERENCES attachment_blob(sha256)
);

CREATE TABLE notification (
    id       BIGINT PRIMARY KEY,
    case_id  BIGINT NOT NULL REFERENCES case_file(id),
    kind     TEXT NOT NULL CHECK (kind IN ('due_30', 'due_7', 'overdue')),
    deadline TEXT NOT NULL,                -- the deadline it is about: a new deadline notifies anew
    as_of    TEXT NOT NULL,                -- the tick that made it
    followup TEXT NOT NULL,                -- the proposed next event(s), '' if none
    message  TEXT NOT NULL,
    UNIQUE (case_id, kind, deadline)
);

CREATE TABLE audit_log (
    id        BIGINT PRIMARY KEY,         -- 1, 2, 3 ... without gaps
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    object    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL                -- sha256(prev_hash || canonical row), app/audit.h
);

CREATE FUNCTION case_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE FUNCTION case_file_only_state() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'cases are never deleted';
    END IF;
    IF (NEW.id, NEW.case_type, NEW.uscc, NEW.equipment_id, NEW.finding_id, NEW.opened_on,
        NEW.opened_at, NEW.opened_by) IS DISTINCT FROM
       (OLD.id, OLD.case_type, OLD.uscc, OLD.equipment_id, OLD.finding_id, OLD.opened_on,
        OLD.opened_at, OLD.opened_by) THEN
        RAISE EXCEPTION 'only a case''s derived state and deadline change';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER case_file_only_state BEFORE UPDATE OR DELETE ON case_file
    FOR EACH ROW EXECUTE FUNCTION case_file_only_state();
CREATE TRIGGER case_event_no_ud BEFORE UPDATE OR DELETE ON case_event
    FOR EACH ROW EXECUTE FUNCTION case_append_only();
CREATE TRIGGER attachment_blob_no_ud BEFORE UPDATE OR DELETE ON attachment_blob
    FOR EACH ROW EXECUTE FUNCTION case_append_only();
CREATE TRIGGER case_attachment_no_ud BEFORE UPDATE OR DELETE ON case_attachment
    FOR EACH ROW EXECUTE FUNCTION case_append_only();
CREATE TRIGGER notification_no_ud BEFORE UPDATE OR DELETE ON notification
    FOR EACH ROW EXECUTE FUNCTION case_append_only();
CREATE TRIGGER audit_log_no_ud BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION case_append_only();
-- 0004: every trigger fires in every session mode, replica included.
ALTER TABLE case_file ENABLE ALWAYS TRIGGER case_file_only_state;
ALTER TABLE case_event ENABLE ALWAYS TRIGGER case_event_no_ud;
ALTER TABLE attachment_blob ENABLE ALWAYS TRIGGER attachment_blob_no_ud;
ALTER TABLE case_attachment ENABLE ALWAYS TRIGGER case_attachment_no_ud;
ALTER TABLE notification ENABLE ALWAYS TRIGGER notification_no_ud;
ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_no_ud;

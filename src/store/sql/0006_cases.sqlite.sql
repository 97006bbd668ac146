-- 0006 cases: enforcement cases (core/casefsm.h), their append-only event log, attachments
-- stored by SHA-256, the notifications of `phaseout tick`, and the hash-chained audit log.
-- case_file's state, deadline and deadline_alt are the only columns ever updated: a cache of
-- replaying case_event in seq order through casefsm (app/casedb.c does so on every action and
-- writes the result back in the same transaction).  Everything else is never updated or
-- deleted (triggers refuse).

CREATE TABLE case_file (
    id           INTEGER PRIMARY KEY,      -- assigned by the application: max + 1
    case_type    TEXT NOT NULL,            -- po_casefsm_type_name
    uscc         TEXT NOT NULL REFERENCES enterprise(uscc),
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
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES case_file(id),
    seq         INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    role        TEXT NOT NULL,
    at          TEXT NOT NULL,             -- UTC timestamp of the recording
    on_date     TEXT NOT NULL,             -- the day it takes effect
    event       TEXT NOT NULL,
    reason      TEXT,
    fields_json TEXT NOT NULL,             -- the --field pairs as given
    field_bits  INTEGER NOT NULL,          -- PO_F_* given
    doc_bits    INTEGER NOT NULL,          -- PO_DOC_* attached
    checklist   INTEGER NOT NULL,          -- PO_SEAL_* done
    months      INTEGER NOT NULL,
    limit_level INTEGER NOT NULL,
    years_worst INTEGER NOT NULL,
    prev_state  TEXT NOT NULL,
    new_state   TEXT NOT NULL,
    UNIQUE (case_id, seq)
);

CREATE TABLE attachment_blob (
    sha256  TEXT PRIMARY KEY,              -- hex of the content's SHA-256
    size    INTEGER NOT NULL,
    mime    TEXT NOT NULL,
    content TEXT NOT NULL                  -- base64 (portable: no BLOB in store.h)
);

CREATE TABLE case_attachment (
    id       INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES case_event(id),
    doc      TEXT NOT NULL,                -- order, inspection, decision ...
    name     TEXT NOT NULL,                -- the file's base name as given
    sha256   TEXT NOT NULL REFERENCES attachment_blob(sha256)
);

CREATE TABLE notification (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES case_file(id),
    kind     TEXT NOT NULL CHECK (kind IN ('due_30', 'due_7', 'overdue')),
    deadline TEXT NOT NULL,                -- the deadline it is about: a new deadline notifies anew
    as_of    TEXT NOT NULL,                -- the tick that made it
    followup TEXT NOT NULL,                -- the proposed next event(s), '' if none
    message  TEXT NOT NULL,
    UNIQUE (case_id, kind, deadline)
);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,         -- 1, 2, 3 ... without gaps
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    object    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL                -- sha256(prev_hash || canonical row), app/audit.h
);

CREATE TRIGGER case_file_no_d BEFORE DELETE ON case_file BEGIN
    SELECT RAISE(ABORT, 'cases are never deleted');
END;
CREATE TRIGGER case_file_only_state BEFORE UPDATE OF id, case_type, uscc, equipment_id, finding_id,
    opened_on, opened_at, opened_by ON case_file BEGIN
    SELECT RAISE(ABORT, 'only a case''s derived state and deadline change');
END;
CREATE TRIGGER case_event_no_u BEFORE UPDATE ON case_event BEGIN
    SELECT RAISE(ABORT, 'case events are append-only');
END;
CREATE TRIGGER case_event_no_d BEFORE DELETE ON case_event BEGIN
    SELECT RAISE(ABORT, 'case events are append-only');
END;
CREATE TRIGGER attachment_blob_no_u BEFORE UPDATE ON attachment_blob BEGIN
    SELECT RAISE(ABORT, 'attachments are append-only');
END;
CREATE TRIGGER attachment_blob_no_d BEFORE DELETE ON attachment_blob BEGIN
    SELECT RAISE(ABORT, 'attachments are append-only');
END;
CREATE TRIGGER case_attachment_no_u BEFORE UPDATE ON case_attachment BEGIN
    SELECT RAISE(ABORT, 'attachments are append-only');
END;
CREATE TRIGGER case_attachment_no_d BEFORE DELETE ON case_attachment BEGIN
    SELECT RAISE(ABORT, 'attachments are append-only');
END;
CREATE TRIGGER notification_no_u BEFORE UPDATE ON notification BEGIN
    SELECT RAISE(ABORT, 'notifications are append-only');
END;
CREATE TRIGGER notification_no_d BEFORE DELETE ON notification BEGIN
    SELECT RAISE(ABORT, 'notifications are append-only');
END;
CREATE TRIGGER audit_log_no_u BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_d BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- 0005 evaluation: immutable evaluation runs of the rule set (data/rules.csv) and their findings.
-- A run records what it was computed from: the rule file's SHA-256, a fingerprint of the
-- registry rows it read, the as-of date.  Rows are never updated or deleted (triggers refuse).

CREATE TABLE evaluation_run (
    id           INTEGER PRIMARY KEY,      -- assigned by the application: max + 1
    year         INTEGER NOT NULL,         -- the data year
    as_of        TEXT NOT NULL,            -- the evaluation date (YYYY-MM-DD): rules in force then
    rules_name   TEXT NOT NULL,            -- data/rules.csv or the file given
    rules_sha256 TEXT NOT NULL,            -- the rule-set version
    data_sha256  TEXT NOT NULL,            -- fingerprint of the input rows read
    nfindings    INTEGER NOT NULL,
    findings_sha256 TEXT NOT NULL,         -- of the findings as printed in CSV
    created_at   TEXT NOT NULL
);

CREATE TABLE evaluation_finding (
    run_id          INTEGER NOT NULL REFERENCES evaluation_run(id),
    finding_id      TEXT NOT NULL,         -- stable across runs: uscc, equipment, rule id, version
    seq             INTEGER NOT NULL,      -- output order
    uscc            TEXT NOT NULL,
    enterprise_name TEXT NOT NULL,
    equipment_id    TEXT NOT NULL,         -- '' for an enterprise finding
    criterion       TEXT NOT NULL,
    rule_id         TEXT NOT NULL,
    rule_version    INTEGER NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('caught', 'cannot_decide')),
    measure         TEXT NOT NULL,
    departments     TEXT NOT NULL,
    evidence        TEXT NOT NULL,
    legal_basis     TEXT NOT NULL,
    measure_basis   TEXT NOT NULL,
    confidence      TEXT NOT NULL,
    source          TEXT NOT NULL,
    PRIMARY KEY (run_id, finding_id)
);

CREATE TRIGGER evaluation_run_no_u BEFORE UPDATE ON evaluation_run BEGIN
    SELECT RAISE(ABORT, 'evaluation runs are immutable');
END;
CREATE TRIGGER evaluation_run_no_d BEFORE DELETE ON evaluation_run BEGIN
    SELECT RAISE(ABORT, 'evaluation runs are immutable');
END;
CREATE TRIGGER evaluation_finding_no_u BEFORE UPDATE ON evaluation_finding BEGIN
    SELECT RAISE(ABORT, 'evaluation findings are immutable');
END;
CREATE TRIGGER evaluation_finding_no_d BEFORE DELETE ON evaluation_finding BEGIN
    SELECT RAISE(ABORT, 'evaluation findings are immutable');
END;

-- 0020 resettlement: see 0020_resettlement.sqlite.sql for what each table holds.

CREATE TABLE resettlement_headcount (
    case_id         BIGINT NOT NULL REFERENCES case_file(id),
    seq             INTEGER NOT NULL,
    contract        INTEGER NOT NULL CHECK (contract >= 0),
    dispatched      INTEGER NOT NULL CHECK (dispatched >= 0),
    near_retirement INTEGER NOT NULL CHECK (near_retirement >= 0),
    on_date         TEXT NOT NULL,
    document        TEXT,
    actor           TEXT NOT NULL,
    at              TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
);

CREATE TABLE resettlement_plan_event (
    case_id     BIGINT NOT NULL REFERENCES case_file(id),
    kind        TEXT NOT NULL CHECK (kind IN ('resettlement', 'risk')),
    seq         INTEGER NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'executing',
                                                'done')),
    on_date     TEXT NOT NULL,
    approved_by TEXT CHECK (approved_by IN ('congress', 'district')),
    document    TEXT,
    note        TEXT,
    actor       TEXT NOT NULL,
    at          TEXT NOT NULL,
    PRIMARY KEY (case_id, kind, seq),
    CHECK ((status = 'approved') = (approved_by IS NOT NULL))
);

CREATE TABLE resettlement_outcome (
    case_id      BIGINT NOT NULL REFERENCES case_file(id),
    seq          INTEGER NOT NULL,
    worker_group TEXT NOT NULL CHECK (worker_group IN ('contract', 'dispatched', 'near_retirement')),
    outcome      TEXT NOT NULL CHECK (outcome IN ('reemployed_internal', 'reemployed_external',
                                                  'retired_early', 'insurance_transferred',
                                                  'trained', 'compensated')),
    workers      INTEGER NOT NULL CHECK (workers >= 0),
    amount_fen   BIGINT NOT NULL CHECK (amount_fen >= 0),
    on_date      TEXT NOT NULL,
    document     TEXT,
    note         TEXT,
    actor        TEXT NOT NULL,
    at           TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
);

CREATE TABLE resettlement_alert (
    case_id     BIGINT NOT NULL REFERENCES case_file(id),
    kind        TEXT NOT NULL CHECK (kind IN ('exit_without_plan')),
    exit_on     TEXT NOT NULL,
    as_of       TEXT NOT NULL,
    plan_status TEXT NOT NULL,
    message     TEXT NOT NULL,
    PRIMARY KEY (case_id, kind, exit_on)
);

CREATE FUNCTION resettlement_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER resettlement_headcount_no_ud BEFORE UPDATE OR DELETE ON resettlement_headcount
    FOR EACH ROW EXECUTE FUNCTION resettlement_append_only();
CREATE TRIGGER resettlement_plan_event_no_ud BEFORE UPDATE OR DELETE ON resettlement_plan_event
    FOR EACH ROW EXECUTE FUNCTION resettlement_append_only();
CREATE TRIGGER resettlement_outcome_no_ud BEFORE UPDATE OR DELETE ON resettlement_outcome
    FOR EACH ROW EXECUTE FUNCTION resettlement_append_only();
CREATE TRIGGER resettlement_alert_no_ud BEFORE UPDATE OR DELETE ON resettlement_alert
    FOR EACH ROW EXECUTE FUNCTION resettlement_append_only();
ALTER TABLE resettlement_headcount ENABLE ALWAYS TRIGGER resettlement_headcount_no_ud;
ALTER TABLE resettlement_plan_event ENABLE ALWAYS TRIGGER resettlement_plan_event_no_ud;
ALTER TABLE resettlement_outcome ENABLE ALWAYS TRIGGER resettlement_outcome_no_ud;
ALTER TABLE resettlement_alert ENABLE ALWAYS TRIGGER resettlement_alert_no_ud;

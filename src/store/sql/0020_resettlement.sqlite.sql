-- 0020 resettlement (issue 15 §5): the workers of an exit case and their resettlement
-- (职工安置, 实施意见 四(六)); core/resettle.h names every value.
--   resettlement_headcount  the employees affected, per group (contract, dispatched,
--                           near_retirement), as counted on a day; the current count is the
--                           case's last row (append-only: a recount is a new row)
--   resettlement_plan_event the steps of the resettlement plan (职工安置方案, kind resettlement)
--                           and of the risk-handling plan (风险处置预案, kind risk): draft,
--                           submitted, approved (by the employees' congress or the district:
--                           approved_by), executing, done; the current status is the plan's
--                           last step (append-only)
--   resettlement_outcome    what became of the workers, per group and outcome: workers and an
--                           amount in fen (yuan × 100, exact); the current figure of a (case,
--                           group, outcome) is its last row (append-only: a correction is a
--                           new row)
--   resettlement_alert      what `tick` found: an exit scheduled within the city's days
--                           (data/city_params.csv resettlement_alert_days) without an approved
--                           resettlement plan (made once per case, kind and exit date)

CREATE TABLE resettlement_headcount (
    case_id         INTEGER NOT NULL REFERENCES case_file(id),
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
    case_id     INTEGER NOT NULL REFERENCES case_file(id),
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
    case_id      INTEGER NOT NULL REFERENCES case_file(id),
    seq          INTEGER NOT NULL,
    worker_group TEXT NOT NULL CHECK (worker_group IN ('contract', 'dispatched', 'near_retirement')),
    outcome      TEXT NOT NULL CHECK (outcome IN ('reemployed_internal', 'reemployed_external',
                                                  'retired_early', 'insurance_transferred',
                                                  'trained', 'compensated')),
    workers      INTEGER NOT NULL CHECK (workers >= 0),
    amount_fen   INTEGER NOT NULL CHECK (amount_fen >= 0),
    on_date      TEXT NOT NULL,
    document     TEXT,
    note         TEXT,
    actor        TEXT NOT NULL,
    at           TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
);

CREATE TABLE resettlement_alert (
    case_id     INTEGER NOT NULL REFERENCES case_file(id),
    kind        TEXT NOT NULL CHECK (kind IN ('exit_without_plan')),
    exit_on     TEXT NOT NULL,             -- the scheduled exit it is about
    as_of       TEXT NOT NULL,             -- the tick that made it
    plan_status TEXT NOT NULL,             -- the plan's status then (none: not recorded)
    message     TEXT NOT NULL,
    PRIMARY KEY (case_id, kind, exit_on)
);

CREATE TRIGGER resettlement_headcount_no_u BEFORE UPDATE ON resettlement_headcount BEGIN
    SELECT RAISE(ABORT, 'resettlement rows are append-only');
END;
CREATE TRIGGER resettlement_headcount_no_d BEFORE DELETE ON resettlement_headcount BEGIN
    SELECT RAISE(ABORT, 'resettlement rows are append-only');
END;
CREATE TRIGGER resettlement_plan_event_no_u BEFORE UPDATE ON resettlement_plan_event BEGIN
    SELECT RAISE(ABORT, 'resettlement rows are append-only');
END;
CREATE TRIGGER resettlement_plan_event_no_d BEFORE DELETE ON resettlement_plan_event BEGIN
    SELECT RAISE(ABORT, 'resettlement rows are append-only');
END;
CREATE TRIGGER resettlement_outcome_no_u BEFORE UPDATE ON resettlement_outcome BEGIN
    SELECT RAISE(ABORT, 'resettlement rows are append-only');
END;
CREATE TRIGGER resettlement_outcome_no_d BEFORE DELETE ON resettlement_outcome BEGIN
    SELECT RAISE(ABORT, 'resettlement rows are append-only');
END;
CREATE TRIGGER resettlement_alert_no_u BEFORE UPDATE ON resettlement_alert BEGIN
    SELECT RAISE(ABORT, 'resettlement rows are append-only');
END;
CREATE TRIGGER resettlement_alert_no_d BEFORE DELETE ON resettlement_alert BEGIN
    SELECT RAISE(ABORT, 'resettlement rows are append-only');
END;

-- 0019 surcharge: the month's differential, punitive and tiered electricity and progressive water
-- surcharges (issue 15 §4).
--   water_use       an enterprise's water use and quota of a month (import --kind water): a
--                   registry fact like energy, corrected by re-import, old values kept in revision
--   surcharge_run   one computation of a month (phaseout surcharge): the rule set's SHA-256, the
--                   evaluation whose findings gave the facts, the totals (immutable)
--   surcharge_row   one row per enterprise and rule of a run, as the statement shows it; money
--                   as integer yuan × 10^6 (a multiple of 10^4: 0.01 yuan), NULL when the row
--                   cannot be computed or decided (immutable)

CREATE TABLE water_use (
    enterprise_id  INTEGER NOT NULL REFERENCES enterprise(id),
    year           INTEGER NOT NULL,
    month          INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    use_m3_micro   INTEGER NOT NULL CHECK (use_m3_micro >= 0),
    quota_m3_micro INTEGER CHECK (quota_m3_micro >= 0),     -- NULL: not recorded
    price_micro    INTEGER CHECK (price_micro >= 0),        -- yuan/m3 × 10^6; NULL: not recorded
    PRIMARY KEY (enterprise_id, year, month)
) WITHOUT ROWID;

CREATE TRIGGER water_use_rev_u AFTER UPDATE ON water_use BEGIN
    INSERT INTO revision(table_name, op, old_values) VALUES ('water_use', 'update',
        json_object('enterprise_id', OLD.enterprise_id, 'year', OLD.year, 'month', OLD.month,
                    'use_m3_micro', OLD.use_m3_micro, 'quota_m3_micro', OLD.quota_m3_micro,
                    'price_micro', OLD.price_micro));
END;

CREATE TABLE surcharge_run (
    id            INTEGER PRIMARY KEY,     -- assigned by the application: max + 1
    year          INTEGER NOT NULL,
    month         INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    created_at    TEXT NOT NULL,
    actor         TEXT NOT NULL,
    rules_name    TEXT NOT NULL,           -- data/surcharge_rules.csv
    rules_sha256  TEXT NOT NULL,           -- the rule-set version
    evaluation_run_id INTEGER REFERENCES evaluation_run(id),  -- NULL: no evaluation yet
    nenterprises  INTEGER NOT NULL,
    nrows         INTEGER NOT NULL,
    ncomputed     INTEGER NOT NULL,
    ncannot       INTEGER NOT NULL,        -- cannot compute or cannot decide
    total_micro   INTEGER NOT NULL         -- the computed rows' amounts, yuan × 10^6
);
CREATE INDEX surcharge_run_month ON surcharge_run(year, month, id);

CREATE TABLE surcharge_row (
    run_id          INTEGER NOT NULL REFERENCES surcharge_run(id),
    seq             INTEGER NOT NULL,
    uscc            TEXT NOT NULL,
    enterprise_name TEXT NOT NULL,
    district_code   TEXT NOT NULL,
    utility         TEXT NOT NULL CHECK (utility IN ('electricity', 'water')),
    family          TEXT NOT NULL,         -- differential | punitive | tiered | water
    rule_id         TEXT NOT NULL,         -- '' on a cannot-decide row (no rule chosen)
    rule_version    INTEGER NOT NULL,      -- 0 with rule_id ''
    kind            TEXT NOT NULL,         -- eliminated | restricted | punitive_band | tiered_step | water_band | ''
    sector          TEXT NOT NULL,         -- the equipment type or product tag matched
    basis           TEXT NOT NULL,         -- the category or band as shown ("restricted", "0.74% over quota")
    basis_micro     INTEGER,               -- the fact's value: category, % over × 10^6, kWh/t × 10^6
    quantity_micro  INTEGER,               -- kWh or m3 × 10^6; NULL: not recorded
    quantity_unit   TEXT NOT NULL CHECK (quantity_unit IN ('kWh', 'm3')),
    quantity_source TEXT NOT NULL,         -- where the kWh came from (metered / reported / water_use)
    rate_micro      INTEGER,               -- yuan/kWh × 10^6 (tiered: × steps); water: multiplier × 10^6
    steps           INTEGER NOT NULL,
    days            INTEGER NOT NULL,
    days_in_month   INTEGER NOT NULL,
    amount_micro    INTEGER,               -- yuan × 10^6, rounded half up to 0.01; NULL unless ok
    status          TEXT NOT NULL CHECK (status IN ('ok', 'cannot_compute', 'cannot_decide')),
    reason_zh       TEXT NOT NULL,
    reason_en       TEXT NOT NULL,
    low_confidence  INTEGER NOT NULL CHECK (low_confidence IN (0, 1)),  -- 待核实
    document        TEXT NOT NULL,
    article         TEXT NOT NULL,
    finding_id      TEXT NOT NULL,         -- the evaluation finding the fact came from, or ''
    PRIMARY KEY (run_id, seq)
);
CREATE INDEX surcharge_row_uscc ON surcharge_row(uscc, run_id);

CREATE TRIGGER surcharge_run_no_u BEFORE UPDATE ON surcharge_run BEGIN
    SELECT RAISE(ABORT, 'surcharge runs are immutable');
END;
CREATE TRIGGER surcharge_run_no_d BEFORE DELETE ON surcharge_run BEGIN
    SELECT RAISE(ABORT, 'surcharge runs are immutable');
END;
CREATE TRIGGER surcharge_row_no_u BEFORE UPDATE ON surcharge_row BEGIN
    SELECT RAISE(ABORT, 'surcharge rows are immutable');
END;
CREATE TRIGGER surcharge_row_no_d BEFORE DELETE ON surcharge_row BEGIN
    SELECT RAISE(ABORT, 'surcharge rows are immutable');
END;

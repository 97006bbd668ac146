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
    enterprise_id  BIGINT NOT NULL REFERENCES enterprise(id),
    year           BIGINT NOT NULL,
    month          BIGINT NOT NULL CHECK (month BETWEEN 1 AND 12),
    use_m3_micro   BIGINT NOT NULL CHECK (use_m3_micro >= 0),
    quota_m3_micro BIGINT CHECK (quota_m3_micro >= 0),     -- NULL: not recorded
    price_micro    BIGINT CHECK (price_micro >= 0),        -- yuan/m3 × 10^6; NULL: not recorded
    PRIMARY KEY (enterprise_id, year, month)
);

CREATE TRIGGER water_use_rev_u AFTER UPDATE ON water_use
    FOR EACH ROW EXECUTE FUNCTION po_revision();
ALTER TABLE water_use ENABLE ALWAYS TRIGGER water_use_rev_u;

CREATE TABLE surcharge_run (
    id            BIGINT PRIMARY KEY,     -- assigned by the application: max + 1
    year          BIGINT NOT NULL,
    month         BIGINT NOT NULL CHECK (month BETWEEN 1 AND 12),
    created_at    TEXT NOT NULL,
    actor         TEXT NOT NULL,
    rules_name    TEXT NOT NULL,           -- data/surcharge_rules.csv
    rules_sha256  TEXT NOT NULL,           -- the rule-set version
    evaluation_run_id BIGINT REFERENCES evaluation_run(id),  -- NULL: no evaluation yet
    nenterprises  BIGINT NOT NULL,
    nrows         BIGINT NOT NULL,
    ncomputed     BIGINT NOT NULL,
    ncannot       BIGINT NOT NULL,        -- cannot compute or cannot decide
    total_micro   BIGINT NOT NULL         -- the computed rows' amounts, yuan × 10^6
);
CREATE INDEX surcharge_run_month ON surcharge_run(year, month, id);

CREATE TABLE surcharge_row (
    run_id          BIGINT NOT NULL REFERENCES surcharge_run(id),
    seq             BIGINT NOT NULL,
    uscc            TEXT NOT NULL,
    enterprise_name TEXT NOT NULL,
    district_code   TEXT NOT NULL,
    utility         TEXT NOT NULL CHECK (utility IN ('electricity', 'water')),
    family          TEXT NOT NULL,         -- differential | punitive | tiered | water
    rule_id         TEXT NOT NULL,         -- '' on a cannot-decide row (no rule chosen)
    rule_version    BIGINT NOT NULL,      -- 0 with rule_id ''
    kind            TEXT NOT NULL,         -- eliminated | restricted | punitive_band | tiered_step | water_band | ''
    sector          TEXT NOT NULL,         -- the equipment type or product tag matched
    basis           TEXT NOT NULL,         -- the category or band as shown ("restricted", "0.74% over quota")
    basis_micro     BIGINT,               -- the fact's value: category, % over × 10^6, kWh/t × 10^6
    quantity_micro  BIGINT,               -- kWh or m3 × 10^6; NULL: not recorded
    quantity_unit   TEXT NOT NULL CHECK (quantity_unit IN ('kWh', 'm3')),
    quantity_source TEXT NOT NULL,         -- where the kWh came from (metered / reported / water_use)
    rate_micro      BIGINT,               -- yuan/kWh × 10^6 (tiered: × steps); water: multiplier × 10^6
    steps           BIGINT NOT NULL,
    days            BIGINT NOT NULL,
    days_in_month   BIGINT NOT NULL,
    amount_micro    BIGINT,               -- yuan × 10^6, rounded half up to 0.01; NULL unless ok
    status          TEXT NOT NULL CHECK (status IN ('ok', 'cannot_compute', 'cannot_decide')),
    reason_zh       TEXT NOT NULL,
    reason_en       TEXT NOT NULL,
    low_confidence  BIGINT NOT NULL CHECK (low_confidence IN (0, 1)),  -- 待核实
    document        TEXT NOT NULL,
    article         TEXT NOT NULL,
    finding_id      TEXT NOT NULL,         -- the evaluation finding the fact came from, or ''
    PRIMARY KEY (run_id, seq)
);
CREATE INDEX surcharge_row_uscc ON surcharge_row(uscc, run_id);

CREATE FUNCTION surcharge_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is immutable', TG_TABLE_NAME;
END $$;
CREATE TRIGGER surcharge_run_no_ud BEFORE UPDATE OR DELETE ON surcharge_run
    FOR EACH ROW EXECUTE FUNCTION surcharge_immutable();
CREATE TRIGGER surcharge_row_no_ud BEFORE UPDATE OR DELETE ON surcharge_row
    FOR EACH ROW EXECUTE FUNCTION surcharge_immutable();
ALTER TABLE surcharge_run ENABLE ALWAYS TRIGGER surcharge_run_no_ud;
ALTER TABLE surcharge_row ENABLE ALWAYS TRIGGER surcharge_row_no_ud;

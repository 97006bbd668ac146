-- 0002 accounting: dual-control targets per district (or city) and year,
-- the barometer's reference data.  Filled from data/dual_control_targets.csv
-- when empty (phaseout barometer) and edited with `import --kind targets`.
-- Percentages and caps are fixed-point integers (× 10^6); NULL = not set.

CREATE TABLE dual_control_target (
    district_code                     TEXT NOT NULL REFERENCES district(code),
    year                              BIGINT NOT NULL,
    base_year                         BIGINT NOT NULL,
    intensity_reduction_pct_micro     BIGINT,  -- cumulative energy-intensity reduction vs base_year, percent
    energy_cap_tce_micro              BIGINT CHECK (energy_cap_tce_micro >= 0),  -- total consumption cap, tce
    co2_intensity_reduction_pct_micro BIGINT,  -- cumulative CO2-intensity reduction vs base_year, percent
    co2_cap_t_micro                   BIGINT CHECK (co2_cap_t_micro >= 0),       -- CO2 cap, t
    note                              TEXT,
    source                            TEXT,
    CHECK (base_year < year),
    PRIMARY KEY (district_code, year)
);

CREATE TRIGGER dual_control_target_rev_u AFTER UPDATE ON dual_control_target
    FOR EACH ROW EXECUTE FUNCTION po_revision();

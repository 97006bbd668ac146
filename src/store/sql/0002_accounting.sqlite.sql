-- 0002 accounting: dual-control targets per district (or city) and year,
-- the barometer's reference data.  Filled from data/dual_control_targets.csv
-- when empty (phaseout barometer) and edited with `import --kind targets`.
-- Percentages and caps are fixed-point integers (× 10^6); NULL = not set.

CREATE TABLE dual_control_target (
    district_code                     TEXT NOT NULL REFERENCES district(code),
    year                              INTEGER NOT NULL,
    base_year                         INTEGER NOT NULL,
    intensity_reduction_pct_micro     INTEGER,  -- cumulative energy-intensity reduction vs base_year, percent
    energy_cap_tce_micro              INTEGER CHECK (energy_cap_tce_micro >= 0),  -- total consumption cap, tce
    co2_intensity_reduction_pct_micro INTEGER,  -- cumulative CO2-intensity reduction vs base_year, percent
    co2_cap_t_micro                   INTEGER CHECK (co2_cap_t_micro >= 0),       -- CO2 cap, t
    note                              TEXT,
    source                            TEXT,
    CHECK (base_year < year),
    PRIMARY KEY (district_code, year)
) WITHOUT ROWID;

CREATE TRIGGER dual_control_target_rev_u AFTER UPDATE ON dual_control_target BEGIN
    INSERT INTO revision(table_name, op, old_values) VALUES ('dual_control_target', 'update',
        json_object('district_code', OLD.district_code, 'year', OLD.year, 'base_year', OLD.base_year,
                    'intensity_reduction_pct_micro', OLD.intensity_reduction_pct_micro,
                    'energy_cap_tce_micro', OLD.energy_cap_tce_micro,
                    'co2_intensity_reduction_pct_micro', OLD.co2_intensity_reduction_pct_micro,
                    'co2_cap_t_micro', OLD.co2_cap_t_micro, 'note', OLD.note, 'source', OLD.source));
END;

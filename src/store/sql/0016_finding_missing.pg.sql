-- 0016 finding_missing: the data items a cannot-decide finding waits on, stored with it.
-- core/evaluate.h po_finding.missing: the tags of data/fact_sources.csv (or of
-- data/equipment_params.csv) joined by '|' ("has_downstream", "value_added|energy_use"); NULL
-- for a caught finding and for the findings of runs made before this step.  The 数据待补 work
-- list (GET /api/v1/data-gaps, `phaseout gaps`) is read from it.  Adding a column updates no
-- row: the immutability triggers of 0005 stay as they are.  (0016: the next number free after
-- the ones reserved for issue 12, 0011-0015; 0011 had landed when this column was found needed.)

ALTER TABLE evaluation_finding ADD COLUMN missing TEXT;

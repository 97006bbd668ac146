-- 0007 exit plans (issue 6 item 5): each district's yearly plan of capacity to exit, one row per
-- unit.  Progress is read from the registry (the unit sealed or dismantled, the enterprise
-- closed or exited), never stored, so it cannot disagree with the cases that changed it.

CREATE TABLE exit_plan (
    year           INTEGER NOT NULL,
    uscc           TEXT NOT NULL REFERENCES enterprise(uscc),
    equipment_id   TEXT NOT NULL,           -- the enterprise's unit number
    district_code  TEXT NOT NULL REFERENCES district(code),  -- the enterprise's, when planned
    capacity_micro INTEGER NOT NULL CHECK (capacity_micro >= 0),  -- in capacity_unit
    capacity_unit  TEXT NOT NULL,
    planned_on     TEXT NOT NULL,           -- YYYY-MM-DD within year
    measure        TEXT NOT NULL,           -- dismantle, seal, exit ...
    entered_by     TEXT NOT NULL,
    entered_at     TEXT NOT NULL,
    PRIMARY KEY (year, uscc, equipment_id)
);
CREATE INDEX exit_plan_district ON exit_plan(year, district_code);

-- 0010 calendar: the State Council's yearly holiday notices loaded at run time
-- (`phaseout calendar import`), so a new year's notice needs no rebuild, and the mark of a
-- provisional case deadline.  An import is kept whole and never changed: for each year it
-- has rows for, the latest import replaces the compiled-in data/cn_holidays.csv (refdata/calendar.h).
-- case_file.deadline_uncovered_year is part of the replay cache (0006): NULL when the deadline
-- is final, else the year without calendar data that made it provisional (counted with
-- weekends only).  Adding a column updates no row.

CREATE TABLE calendar_import (
    id          BIGINT PRIMARY KEY,        -- assigned by the application: max + 1
    imported_at TEXT NOT NULL,             -- UTC timestamp
    actor       TEXT NOT NULL,
    file_name   TEXT NOT NULL,             -- the file's base name as given
    sha256      TEXT NOT NULL,             -- of the file's bytes
    nrows       BIGINT NOT NULL,
    years       TEXT NOT NULL              -- the years it covers, e.g. "2027"
);

CREATE TABLE calendar_day (
    import_id BIGINT NOT NULL REFERENCES calendar_import(id),
    day       TEXT COLLATE "C" NOT NULL,   -- YYYY-MM-DD
    kind      TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name      TEXT NOT NULL,               -- 春节, 国庆节 ...
    source    TEXT NOT NULL,               -- the notice, e.g. 国办发明电〔2025〕7号
    PRIMARY KEY (import_id, day)
);

ALTER TABLE case_file ADD COLUMN deadline_uncovered_year BIGINT;

CREATE TRIGGER calendar_import_no_ud BEFORE UPDATE OR DELETE ON calendar_import
    FOR EACH ROW EXECUTE FUNCTION case_append_only();
CREATE TRIGGER calendar_day_no_ud BEFORE UPDATE OR DELETE ON calendar_day
    FOR EACH ROW EXECUTE FUNCTION case_append_only();
ALTER TABLE calendar_import ENABLE ALWAYS TRIGGER calendar_import_no_ud;
ALTER TABLE calendar_day ENABLE ALWAYS TRIGGER calendar_day_no_ud;

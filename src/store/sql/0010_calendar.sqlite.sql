-- 0010 calendar: the State Council's yearly holiday notices loaded at run time
-- (`phaseout calendar import`), so a new year's notice needs no rebuild, and the mark of a
-- provisional case deadline.  An import is kept whole and never changed: for each year it
-- has rows for, the latest import replaces the compiled-in data/cn_holidays.csv (refdata/calendar.h).
-- case_file.deadline_uncovered_year is part of the replay cache (0006): NULL when the deadline
-- is final, else the year without calendar data that made it provisional (counted with
-- weekends only).  Adding a column updates no row.

CREATE TABLE calendar_import (
    id          INTEGER PRIMARY KEY,       -- assigned by the application: max + 1
    imported_at TEXT NOT NULL,             -- UTC timestamp
    actor       TEXT NOT NULL,
    file_name   TEXT NOT NULL,             -- the file's base name as given
    sha256      TEXT NOT NULL,             -- of the file's bytes
    nrows       INTEGER NOT NULL,
    years       TEXT NOT NULL              -- the years it covers, e.g. "2027"
);

CREATE TABLE calendar_day (
    import_id INTEGER NOT NULL REFERENCES calendar_import(id),
    day       TEXT NOT NULL,               -- YYYY-MM-DD
    kind      TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name      TEXT NOT NULL,               -- 春节, 国庆节 ...
    source    TEXT NOT NULL,               -- the notice, e.g. 国办发明电〔2025〕7号
    PRIMARY KEY (import_id, day)
);

ALTER TABLE case_file ADD COLUMN deadline_uncovered_year INTEGER;

CREATE TRIGGER calendar_import_no_u BEFORE UPDATE ON calendar_import BEGIN
    SELECT RAISE(ABORT, 'calendar imports are append-only');
END;
CREATE TRIGGER calendar_import_no_d BEFORE DELETE ON calendar_import BEGIN
    SELECT RAISE(ABORT, 'calendar imports are append-only');
END;
CREATE TRIGGER calendar_day_no_u BEFORE UPDATE ON calendar_day BEGIN
    SELECT RAISE(ABORT, 'calendar imports are append-only');
END;
CREATE TRIGGER calendar_day_no_d BEFORE DELETE ON calendar_day BEGIN
    SELECT RAISE(ABORT, 'calendar imports are append-only');
END;

-- 0011 facts_unrecorded: a yes/no registry fact that a rule reads has three states.
-- enterprise.has_downstream and industry.two_high were NOT NULL DEFAULT 0, so an enterprise
-- nobody asked about read as "no downstream" and the independent lime / carbide / ferroalloy
-- rules (PF-INDEP-*) decided "exit" for it.  Now NULL means not recorded (未记录): the rules
-- that read the fact cannot decide and the enterprise goes on the 数据待补 work list.
-- Existing rows keep their values (0 stays 0: the step cannot know which zeros were asked).
-- SQLite cannot drop a NOT NULL constraint, so both tables are rebuilt; the revision triggers
-- and indexes are made again.  Foreign keys stay on (a migration runs in a transaction, where
-- they cannot be switched off): the checks of the tables referring to the two are deferred to
-- the commit, the old rows are kept aside, the old table dropped (its referring rows count as
-- orphans), the new one takes the old name and the rows go back into it (the orphans count
-- down to none again).

PRAGMA defer_foreign_keys = ON;
PRAGMA legacy_alter_table = ON;

CREATE TABLE industry_0011 (
    code     TEXT NOT NULL,                -- GB/T 4754 class
    edition  TEXT NOT NULL,                -- '2017', '2011'
    name     TEXT NOT NULL,
    two_high INTEGER CHECK (two_high IN (0, 1)),  -- NULL: not recorded
    PRIMARY KEY (code, edition)
);
CREATE TEMP TABLE industry_kept AS SELECT code, edition, name, two_high FROM industry;
DROP TABLE industry;
ALTER TABLE industry_0011 RENAME TO industry;
INSERT INTO industry(code, edition, name, two_high)
    SELECT code, edition, name, two_high FROM temp.industry_kept;
DROP TABLE temp.industry_kept;

CREATE TABLE enterprise_0011 (
    id                   INTEGER PRIMARY KEY,
    uscc                 TEXT NOT NULL UNIQUE,
    name                 TEXT NOT NULL,
    district_code        TEXT NOT NULL REFERENCES district(code),
    park_code            TEXT REFERENCES district(code),
    industry_code        TEXT NOT NULL,
    industry_edition     TEXT NOT NULL DEFAULT '2017',
    founded              INTEGER,
    status               TEXT NOT NULL DEFAULT 'operating'
                         CHECK (status IN ('operating', 'limited', 'suspended', 'closed', 'exited')),
    has_downstream       INTEGER CHECK (has_downstream IN (0, 1)),  -- NULL: not recorded
    employees            INTEGER CHECK (employees >= 0),
    uscc_override_reason TEXT,             -- why a code failing the check digit was accepted
    address              TEXT,
    FOREIGN KEY (industry_code, industry_edition) REFERENCES industry(code, edition)
);
CREATE TEMP TABLE enterprise_kept AS
    SELECT id, uscc, name, district_code, park_code, industry_code, industry_edition, founded,
           status, has_downstream, employees, uscc_override_reason, address FROM enterprise;
DROP TABLE enterprise;
ALTER TABLE enterprise_0011 RENAME TO enterprise;
INSERT INTO enterprise(id, uscc, name, district_code, park_code, industry_code, industry_edition,
                       founded, status, has_downstream, employees, uscc_override_reason, address)
    SELECT id, uscc, name, district_code, park_code, industry_code, industry_edition, founded,
           status, has_downstream, employees, uscc_override_reason, address
    FROM temp.enterprise_kept;
DROP TABLE temp.enterprise_kept;
CREATE INDEX enterprise_district ON enterprise(district_code);
CREATE INDEX enterprise_industry ON enterprise(industry_code, industry_edition);

CREATE TRIGGER industry_rev_u AFTER UPDATE ON industry BEGIN
    INSERT INTO revision(table_name, op, old_values) VALUES ('industry', 'update',
        json_object('code', OLD.code, 'edition', OLD.edition, 'name', OLD.name, 'two_high', OLD.two_high));
END;
CREATE TRIGGER enterprise_rev_u AFTER UPDATE ON enterprise BEGIN
    INSERT INTO revision(table_name, op, old_values) VALUES ('enterprise', 'update',
        json_object('id', OLD.id, 'uscc', OLD.uscc, 'name', OLD.name, 'district_code', OLD.district_code,
                    'park_code', OLD.park_code, 'industry_code', OLD.industry_code,
                    'industry_edition', OLD.industry_edition, 'founded', OLD.founded, 'status', OLD.status,
                    'has_downstream', OLD.has_downstream, 'employees', OLD.employees,
                    'uscc_override_reason', OLD.uscc_override_reason, 'address', OLD.address));
END;

PRAGMA legacy_alter_table = OFF;

-- 0001 registry: jurisdictions, industries, enterprises, equipment, yearly
-- figures, inspections, licences, reference tables, revision history.
-- Decimal figures are fixed-point integers: a column named *_micro holds the
-- value in the unit its comment names, times 10^6.

CREATE TABLE district (
    code        TEXT PRIMARY KEY,          -- GB/T 2260; parks: district code + 'P' + 2 digits
    name        TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('province', 'city', 'district', 'park')),
    parent_code TEXT REFERENCES district(code)
);

CREATE TABLE industry (
    code     TEXT NOT NULL,                -- GB/T 4754 class
    edition  TEXT NOT NULL,                -- '2017', '2011'
    name     TEXT NOT NULL,
    two_high INTEGER NOT NULL DEFAULT 0 CHECK (two_high IN (0, 1)),
    PRIMARY KEY (code, edition)
);

CREATE TABLE enterprise (
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
    has_downstream       INTEGER NOT NULL DEFAULT 0 CHECK (has_downstream IN (0, 1)),
    employees            INTEGER CHECK (employees >= 0),
    uscc_override_reason TEXT,             -- why a code failing the check digit was accepted
    address              TEXT,
    FOREIGN KEY (industry_code, industry_edition) REFERENCES industry(code, edition)
);
CREATE INDEX enterprise_district ON enterprise(district_code);
CREATE INDEX enterprise_industry ON enterprise(industry_code, industry_edition);

CREATE TABLE equipment (
    id             INTEGER PRIMARY KEY,
    enterprise_id  INTEGER NOT NULL REFERENCES enterprise(id),
    equipment_id   TEXT NOT NULL,          -- the enterprise's own number for the unit
    equipment_type TEXT NOT NULL,          -- tag of catalog_items.csv
    name           TEXT,
    status         TEXT NOT NULL DEFAULT 'running'
                   CHECK (status IN ('running', 'limited', 'suspended', 'sealed', 'dismantled')),
    commissioned   TEXT,                   -- YYYY, YYYY-MM or YYYY-MM-DD
    capacity_micro INTEGER CHECK (capacity_micro >= 0),  -- in capacity_unit
    capacity_unit  TEXT,
    product        TEXT,
    UNIQUE (enterprise_id, equipment_id)
);

CREATE TABLE equipment_param (
    equipment_pk INTEGER NOT NULL REFERENCES equipment(id) ON DELETE CASCADE,
    param        TEXT NOT NULL,            -- tag of data/equipment_params.csv
    value_micro  INTEGER,                  -- numbers and booleans (1 = 1000000)
    value_text   TEXT,                     -- enumerated values (kiln_type, route, ...)
    unit         TEXT,
    PRIMARY KEY (equipment_pk, param)
);

CREATE TABLE energy (
    enterprise_id  INTEGER NOT NULL REFERENCES enterprise(id),
    year           INTEGER NOT NULL,
    month          INTEGER NOT NULL CHECK (month BETWEEN 0 AND 12),  -- 0: the whole year
    energy_type    TEXT NOT NULL,
    purpose        TEXT NOT NULL DEFAULT 'fuel' CHECK (purpose IN ('fuel', 'feedstock')),
    product        TEXT NOT NULL DEFAULT '',  -- product / production-line tag, '' = whole enterprise
    source         TEXT NOT NULL DEFAULT 'reported' CHECK (source IN ('reported', 'metered')),
    quantity_micro INTEGER NOT NULL CHECK (quantity_micro >= 0),     -- in unit
    unit           TEXT NOT NULL,
    PRIMARY KEY (enterprise_id, year, month, energy_type, purpose, product, source)
) WITHOUT ROWID;

CREATE TABLE output (
    enterprise_id  INTEGER NOT NULL REFERENCES enterprise(id),
    year           INTEGER NOT NULL,
    product        TEXT NOT NULL,
    quantity_micro INTEGER NOT NULL CHECK (quantity_micro >= 0),     -- tonnes
    PRIMARY KEY (enterprise_id, year, product)
) WITHOUT ROWID;

CREATE TABLE economics (
    enterprise_id           INTEGER NOT NULL REFERENCES enterprise(id),
    year                    INTEGER NOT NULL,
    value_added_micro       INTEGER,       -- 10k yuan; may be negative; NULL = missing
    gross_output_micro      INTEGER,       -- 10k yuan
    revenue_micro           INTEGER,       -- 10k yuan
    profit_micro            INTEGER,       -- 10k yuan
    total_assets_micro      INTEGER,       -- 10k yuan
    total_liabilities_micro INTEGER,       -- 10k yuan
    employees               INTEGER CHECK (employees >= 0),
    PRIMARY KEY (enterprise_id, year)
) WITHOUT ROWID;

CREATE TABLE inspection (
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES enterprise(id),
    department    TEXT NOT NULL
                  CHECK (department IN ('miit', 'drc', 'energy', 'eco_env', 'emergency', 'market')),
    date          TEXT NOT NULL,
    document_no   TEXT NOT NULL DEFAULT '',
    kind          TEXT NOT NULL CHECK (kind IN ('environment', 'safety', 'quality', 'energy')),
    severity      TEXT NOT NULL CHECK (severity IN ('none', 'minor', 'major', 'serious')),
    violation     TEXT,
    legal_basis   TEXT,
    description   TEXT,
    UNIQUE (enterprise_id, department, date, document_no)
);

CREATE TABLE licence (
    id                INTEGER PRIMARY KEY,
    licence_type      TEXT NOT NULL
                      CHECK (licence_type IN ('production', 'safety_production', 'pollutant_discharge')),
    number            TEXT NOT NULL,
    enterprise_id     INTEGER NOT NULL REFERENCES enterprise(id),
    issuer            TEXT,
    valid_from        TEXT,
    valid_to          TEXT,
    status            TEXT NOT NULL DEFAULT 'valid'
                      CHECK (status IN ('valid', 'expired', 'suspended', 'revoked')),
    revoked_on        TEXT,
    revocation_reason TEXT,
    UNIQUE (licence_type, number)
);
CREATE INDEX licence_enterprise ON licence(enterprise_id);

-- Reference tables (data/*.csv), versioned: a changed file becomes a new version.
CREATE TABLE ref_table (
    name      TEXT NOT NULL,
    version   INTEGER NOT NULL,
    sha256    TEXT NOT NULL,
    columns   TEXT NOT NULL,               -- the header line
    nrows     INTEGER NOT NULL,
    loaded_at TEXT NOT NULL,
    PRIMARY KEY (name, version)
);

CREATE TABLE ref_row (
    name       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    rowno      INTEGER NOT NULL,           -- 1 = first data row
    data       TEXT NOT NULL,              -- JSON array of the row's fields
    source     TEXT,
    confidence TEXT,
    PRIMARY KEY (name, version, rowno),
    FOREIGN KEY (name, version) REFERENCES ref_table(name, version)
);

-- One row per successful import.
CREATE TABLE import_batch (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    format      TEXT NOT NULL,
    nrows       INTEGER NOT NULL,
    inserted    INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    unchanged   INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    actor       TEXT
);

-- Old values of every updated or deleted registry row, so a past year can be
-- recomputed as it stood.  Written by triggers, never by the application.
CREATE TABLE revision (
    id         INTEGER PRIMARY KEY,
    table_name TEXT NOT NULL,
    op         TEXT NOT NULL CHECK (op IN ('update', 'delete')),
    old_values TEXT NOT NULL,              -- JSON object of the row before the change
    changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TRIGGER district_rev_u AFTER UPDATE ON district BEGIN
    INSERT INTO revision(table_name, op, old_values) VALUES ('district', 'update',
        json_object('code', OLD.code, 'name', OLD.name, 'level', OLD.level, 'parent_code', OLD.parent_code));
END;
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
CREATE TRIGGER equipment_rev_u AFTER UPDATE ON equipment BEGIN
    INSERT INTO revision(table_name, op, old_values) VALUES ('equipment', 'update',
        json_object('id', OLD.id, 'enterprise_id', OLD.enterprise_id, 'equipment_id', OLD.equipment_id,
                    'equipment_type', OLD.equipment_type, 'name', OLD.name, 'status', OLD.status,
                    'commissioned', OLD.commissioned, 'capacity_micro', OLD.capacity_micro,
                    'capacity_unit', OLD.capacity_unit, 'product', OLD.product));
END;
CREATE TRIGGER equipment_param_rev_u AFTER UPDATE ON equipment_param BEGIN
    INSERT INTO revision(table_name, op, old_values) VALUES ('equipment_param', 'update',
        json_object('equipment_pk', OLD.equipment_pk, 'param', OLD.param, 'value_micro', OLD.value_micro,
                    'value_text', OLD.value_text, 'unit', OLD.unit));
END;
CREATE TRIGGER equipment_param_rev_d AFTER DELETE ON equipment_param BEGIN
    INSERT INTO revision(table_name, op, old_values) VALUES ('equipment_param', 'delete',
        json_object('equipment_pk', OLD.equipment_pk, 'param', OLD.param, 'value_micro', OLD.value_micro,
                    'value_text', OLD.value_text, 'unit', OLD.unit));
END;
CREATE TRIGGER energy_rev_u AFTER UPDATE ON energy BEGIN
    INSERT INTO revision(table_name, op, old_values) VALUES ('energy', 'update',
        json_object('enterprise_id', OLD.enterprise_id, 'year', OLD.year, 'month', OLD.month,
                    'energy_type', OLD.energy_type, 'purpose', OLD.purpose, 'product', OLD.product,
                    'source', OLD.source, 'quantity_micro', OLD.quantity_micro, 'unit', OLD.unit));
END;
CREATE TRIGGER output_rev_u AFTER UPDATE ON output BEGIN
    INSERT INTO revision(table_name, op, old_values) VALUES ('output', 'update',
        json_object('enterprise_id', OLD.enterprise_id, 'year', OLD.year, 'product', OLD.product,
                    'quantity_micro', OLD.quantity_micro));
END;
CREATE TRIGGER economics_rev_u AFTER UPDATE ON economics BEGIN
    INSERT INTO revision(table_name, op, old_values) VALUES ('economics', 'update',
        json_object('enterprise_id', OLD.enterprise_id, 'year', OLD.year,
                    'value_added_micro', OLD.value_added_micro, 'gross_output_micro', OLD.gross_output_micro,
                    'revenue_micro', OLD.revenue_micro, 'profit_micro', OLD.profit_micro,
                    'total_assets_micro', OLD.total_assets_micro,
                    'total_liabilities_micro', OLD.total_liabilities_micro, 'employees', OLD.employees));
END;
CREATE TRIGGER inspection_rev_u AFTER UPDATE ON inspection BEGIN
    INSERT INTO revision(table_name, op, old_values) VALUES ('inspection', 'update',
        json_object('id', OLD.id, 'enterprise_id', OLD.enterprise_id, 'department', OLD.department,
                    'date', OLD.date, 'document_no', OLD.document_no, 'kind', OLD.kind,
                    'severity', OLD.severity, 'violation', OLD.violation, 'legal_basis', OLD.legal_basis,
                    'description', OLD.description));
END;
CREATE TRIGGER licence_rev_u AFTER UPDATE ON licence BEGIN
    INSERT INTO revision(table_name, op, old_values) VALUES ('licence', 'update',
        json_object('id', OLD.id, 'licence_type', OLD.licence_type, 'number', OLD.number,
                    'enterprise_id', OLD.enterprise_id, 'issuer', OLD.issuer, 'valid_from', OLD.valid_from,
                    'valid_to', OLD.valid_to, 'status', OLD.status, 'revoked_on', OLD.revoked_on,
                    'revocation_reason', OLD.revocation_reason));
END;

-- 0017 disclosure (issue 14): document numbers, issued documents, frozen publications of the
-- public lists, and public supervision reports (举报).
-- doc_number is the per-authority, per-year counter 〔YYYY〕N号: taken inside the transaction that
-- records the document, so a rolled-back document gives its number back (gap-free, never reused).
-- publication and publication_row never change (triggers refuse); a correction is a new
-- publication whose supersedes names the old one.  public_report's status, district_code,
-- public_reply, case_id and overdue_on are the only columns ever updated; every change is a
-- public_report_event row (append-only).

CREATE TABLE doc_number (
    authority TEXT NOT NULL,               -- data/authorities.csv code
    year      INTEGER NOT NULL,
    last      INTEGER NOT NULL,            -- the last number taken
    PRIMARY KEY (authority, year)
);

CREATE TABLE issued_document (
    id         BIGINT PRIMARY KEY,        -- assigned by the application: max + 1
    authority  TEXT NOT NULL,
    year       INTEGER NOT NULL,
    seq        INTEGER NOT NULL,
    number     TEXT NOT NULL,              -- 乌工信发〔2025〕7号
    kind       TEXT NOT NULL,              -- rectification, ..., publication
    subject    TEXT NOT NULL,              -- case/ID, district/CODE/YEAR, publication/ID
    step       INTEGER NOT NULL,           -- the case's event count when issued (0 otherwise)
    sha256     TEXT NOT NULL,              -- of the PDF
    content    TEXT NOT NULL,              -- the PDF, base64
    issued_on  TEXT NOT NULL,
    issued_at  TEXT NOT NULL,
    issued_by  TEXT NOT NULL,
    UNIQUE (authority, year, seq),
    UNIQUE (kind, subject, step)
);

CREATE TABLE publication (
    id            BIGINT PRIMARY KEY,     -- assigned by the application: max + 1
    number        TEXT NOT NULL UNIQUE,    -- the announcement's document number
    list          TEXT NOT NULL CHECK (list IN ('exits', 'rectifying', 'closed', 'sealed')),
    year          INTEGER NOT NULL,
    district_code TEXT,                    -- NULL: city-wide
    published_at  TEXT NOT NULL,
    actor         TEXT NOT NULL,
    supersedes    BIGINT UNIQUE REFERENCES publication(id),
    reason        TEXT,
    nrows         INTEGER NOT NULL,
    canonical     TEXT NOT NULL,           -- report/publication.h po_pub_canonical
    sha256        TEXT NOT NULL            -- hex SHA-256 of canonical
);
CREATE INDEX publication_year ON publication(year, list);

CREATE TABLE publication_row (
    publication_id  BIGINT NOT NULL REFERENCES publication(id),
    seq             INTEGER NOT NULL,
    enterprise_name TEXT NOT NULL,
    uscc            TEXT NOT NULL,
    district_code   TEXT NOT NULL,
    district_name   TEXT NOT NULL,
    equipment       TEXT NOT NULL,
    capacity        TEXT NOT NULL,
    capacity_unit   TEXT NOT NULL,
    measure_zh      TEXT NOT NULL,
    deadline        TEXT NOT NULL,
    basis_zh        TEXT NOT NULL,
    PRIMARY KEY (publication_id, seq)
);
CREATE INDEX publication_row_uscc ON publication_row(uscc);

CREATE TABLE public_report (
    id              BIGINT PRIMARY KEY,   -- assigned by the application: max + 1
    receipt         TEXT NOT NULL UNIQUE,  -- given to the reporter
    uscc            TEXT,                  -- when the reporter picked a published enterprise
    enterprise_text TEXT NOT NULL,         -- the name as the reporter gave it
    category        TEXT NOT NULL,         -- data/report_categories.csv
    seen            TEXT NOT NULL,
    place           TEXT NOT NULL,
    seen_on         TEXT NOT NULL,
    contact         TEXT,                  -- only the city bureau and the handling district see it
    filed_at        TEXT NOT NULL,
    filed_on        TEXT NOT NULL,
    reply_due       TEXT NOT NULL,
    district_code   TEXT REFERENCES district(code),  -- NULL: the city bureau triages
    status          TEXT NOT NULL CHECK (status IN ('received', 'verifying', 'closed')),
    public_reply    TEXT,
    case_id         BIGINT REFERENCES case_file(id),
    overdue_on      TEXT                   -- the tick that found it past reply_due
);
CREATE INDEX public_report_district ON public_report(district_code, status);

CREATE TABLE public_report_event (
    report_id BIGINT NOT NULL REFERENCES public_report(id),
    seq       INTEGER NOT NULL,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    event     TEXT NOT NULL,               -- filed, verify, reply, assign, link_case, overdue
    detail    TEXT NOT NULL,
    PRIMARY KEY (report_id, seq)
);

CREATE FUNCTION disclosure_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% never changes', TG_TABLE_NAME;
END $$;
CREATE TRIGGER publication_no_ud BEFORE UPDATE OR DELETE ON publication
    FOR EACH ROW EXECUTE FUNCTION disclosure_frozen();
CREATE TRIGGER publication_row_no_ud BEFORE UPDATE OR DELETE ON publication_row
    FOR EACH ROW EXECUTE FUNCTION disclosure_frozen();
CREATE TRIGGER issued_document_no_ud BEFORE UPDATE OR DELETE ON issued_document
    FOR EACH ROW EXECUTE FUNCTION disclosure_frozen();
CREATE TRIGGER public_report_no_d BEFORE DELETE ON public_report
    FOR EACH ROW EXECUTE FUNCTION disclosure_frozen();
CREATE TRIGGER public_report_event_no_ud BEFORE UPDATE OR DELETE ON public_report_event
    FOR EACH ROW EXECUTE FUNCTION disclosure_frozen();
ALTER TABLE publication ENABLE ALWAYS TRIGGER publication_no_ud;
ALTER TABLE publication_row ENABLE ALWAYS TRIGGER publication_row_no_ud;
ALTER TABLE issued_document ENABLE ALWAYS TRIGGER issued_document_no_ud;
ALTER TABLE public_report ENABLE ALWAYS TRIGGER public_report_no_d;
ALTER TABLE public_report_event ENABLE ALWAYS TRIGGER public_report_event_no_ud;

/*
 * import.h: all-or-nothing import of registry files (docs/import.md).
 *
 * An import reads the whole file, checks every cell and every row against
 * the kind's columns, the registry (enterprises, districts, industries must
 * exist) and the other rows (no duplicate natural keys), and only when
 * nothing is wrong writes all rows in one transaction through the store's
 * bulk upsert.  So a bad cell anywhere — the last row included — means the
 * database is not touched at all, not even rolled back.
 *
 * Diagnostics name file, row, column, value and reason in Chinese and
 * English; the first PO_IMPORT_MAX_DIAGS are kept, all are counted
 * (struct po_import_result and struct po_diag are in ingest/import_diag.h).
 *
 * The engine is import.c; the kinds (import_kinds.c) hand it their table as
 * data through po_import_run (import_int.h), and po_import_file,
 * po_import_kind_list and po_import_kind_known are defined there.
 *
 * Memory: the result, its diagnostics and the kind list live in the arena
 * given.  Errors: PO_EINVAL (the file has errors: out->diags), PO_EPERM (a
 * scoped import of a kind without enterprises), PO_EIO (the file cannot be
 * read), the reader's and the store's codes, PO_EINTERNAL, PO_ENOMEM — with
 * err filled and nothing written unless 0 is returned.
 */
#ifndef PO_IMPORT_H
#define PO_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ingest/import_diag.h"
#include "store/store.h"
#include "util/err.h"

struct po_arena;

struct po_import_opts {
    const char *kind;     /* districts industries enterprises equipment energy output economics inspections licences */
    const char *encoding; /* NULL/"auto", "utf-8", "gbk", "gb18030" */
    const char *sheet;    /* NULL, "N" or a sheet name */
    bool progress;        /* draw a progress bar on stderr */
    const char *actor;    /* who imports, for import_batch and the audit row; NULL = "cli" */
    /*
     * NULL: the whole registry (the CLI, the city bureau).  A district code
     * (a district officer's, http/api_import.c): the file may only concern
     * that district's enterprises.  Every row naming an enterprise by USCC
     * whose district_code is another is a row error, and so is, for the
     * enterprises kind, a row whose district_code is another or that names
     * an enterprise registered in another district (a file must not move an
     * enterprise into or out of the district).  Kinds whose rows name no
     * enterprise (districts, industries, targets) are refused as a whole:
     * PO_EPERM before the file is read.
     */
    const char *scope_district;
};
#define PO_IMPORT_OPTS_INIT { NULL, NULL, NULL, false, NULL, NULL }

/* The kind names of a demo city's files, in import order, NULL-terminated (cli/cmd_demo.c). */
extern const char *const po_import_kinds[];

/* One column of an import kind, as docs/import.md describes it. */
struct po_import_column {
    const char *name;     /* the English header, also the export's */
    const char *aliases;  /* the other accepted headers, '|'-separated, Chinese first; or NULL */
    bool required;        /* the column must be there and no cell may be empty */
    bool key;             /* part of the natural key a re-import matches rows on */
    const char **values;  /* the accepted values (their tags), NULL-terminated; NULL: any */
};

/* An import kind: what po_import_opts.kind accepts. */
struct po_import_kind {
    const char *name;
    const struct po_import_column *columns; /* in the export's order */
    size_t ncolumns;
    bool parameter_columns; /* equipment: further columns are data/equipment_params.csv tags */
    bool per_enterprise;    /* every row names an enterprise: a scoped import may take it */
};

/*
 * Every kind the importer accepts with its columns, in the importer's
 * order: *out gets *n kinds.  Everything lives in a until it is destroyed.
 * Returns 0 or PO_ENOMEM (err filled).  Thread-safe (the tables are
 * static and read-only).
 */
int po_import_kind_list(const struct po_import_kind **out, size_t *n, struct po_arena *a,
                        struct po_err *err);

/* Whether name is a kind po_import_file() accepts. */
bool po_import_kind_known(const char *name);

/*
 * Import path as opts->kind.  On success returns 0 and fills *out.  When
 * the file has errors returns PO_EINVAL with out->diags listing them and
 * err summarising ("3 errors in energy.csv; nothing imported").  Other
 * failures (cannot read the file, database down) return their code with err
 * filled.  Either way nothing has been written unless 0 is returned.  A
 * successful import appends one audit row (app/audit.h) in the transaction
 * that writes the rows: action "import", object "<kind>:<file name>",
 * detail the rows read, the counts inserted / updated / unchanged, the
 * format and the file's SHA-256; actor opts->actor ("cli" when NULL).
 * With opts->scope_district, a row about another district's enterprise is
 * a diagnostic like any other (the file is refused, PO_EINVAL), and a kind
 * without enterprises is PO_EPERM.
 * Everything allocated lives in a until it is destroyed.
 */
int po_import_file(struct po_import_result *out, struct po_store *st, const char *path,
                   const struct po_import_opts *opts, struct po_arena *a, struct po_err *err);

#endif

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
 * English; the first PO_IMPORT_MAX_DIAGS are kept, all are counted.
 */
#ifndef PO_IMPORT_H
#define PO_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

struct po_arena;

#define PO_IMPORT_MAX_DIAGS 200

struct po_diag {
    size_t row;         /* 0: about the file as a whole */
    const char *column; /* the header as written in the file, or NULL */
    const char *value;  /* the offending value, or NULL */
    const char *reason_zh;
    const char *reason_en;
};

struct po_import_opts {
    const char *kind;     /* districts industries enterprises equipment energy output economics inspections licences */
    const char *encoding; /* NULL/"auto", "utf-8", "gbk", "gb18030" */
    const char *sheet;    /* NULL, "N" or a sheet name */
    bool progress;        /* draw a progress bar on stderr */
    const char *actor;    /* who imports, for import_batch and the audit row; NULL = "cli" */
};
#define PO_IMPORT_OPTS_INIT { NULL, NULL, NULL, false, NULL }

struct po_import_result {
    const char *file;   /* base name */
    char format[24];    /* "csv utf-8", "xlsx", ... */
    size_t rows;        /* data rows read */
    struct po_upsert_counts counts;
    int64_t params_changed; /* equipment: parameter values added, changed or removed */
    size_t ndiags;      /* errors found (all of them) */
    struct po_diag *diags; /* the first min(ndiags, PO_IMPORT_MAX_DIAGS), in the arena */
};

/* The kind names, NULL-terminated. */
extern const char *const po_import_kinds[];

/*
 * Import path as opts->kind.  On success returns 0 and fills *out.  When
 * the file has errors returns PO_EINVAL with out->diags listing them and
 * err summarising ("3 errors in energy.csv; nothing imported").  Other
 * failures (cannot read the file, database down) return their code with err
 * filled.  Either way nothing has been written unless 0 is returned.  A
 * successful import appends one audit row (io/audit.h) in the transaction
 * that writes the rows: action "import", object "<kind>:<file name>",
 * detail the rows read, the counts inserted / updated / unchanged, the
 * format and the file's SHA-256; actor opts->actor ("cli" when NULL).
 * Everything allocated lives in a until it is destroyed.
 */
int po_import_file(struct po_import_result *out, struct po_store *st, const char *path,
                   const struct po_import_opts *opts, struct po_arena *a, struct po_err *err);

#endif

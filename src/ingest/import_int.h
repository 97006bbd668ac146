/*
 * import_int.h: the row model that import.c (the engine), import_kinds.c (the
 * kinds' column tables and checks), import_meter.c, import_diag.c and the
 * export and template writers share.  Not for use outside src/ingest.
 *
 * A parsed row is an array of cells, one per column of the kind (then one
 * per equipment parameter).  A cell is 8 bytes: an integer (fixed-point
 * decimals included) with CELL_NULL for "empty", or a pointer to text that
 * lives in the import's arena or in a static table, NULL for empty.
 *
 * Memory: everything of an import (struct imp, rows, lookups, kind_state)
 * lives in its arena, im->a.  Errors: po_import_run() returns as
 * po_import_file() does (ingest/import.h); a kind's row_check and finish
 * return 0 (1: row folded) or PO_ENOMEM, reporting bad rows as diagnostics
 * (ingest/import_diag.h), never as an error code.
 */
#ifndef PO_IMPORT_INT_H
#define PO_IMPORT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

struct po_arena;
struct po_err;
struct po_import_opts;
struct po_import_result;
struct po_store;
struct po_strmap;

#define CELL_NULL INT64_MIN

union cell {
    int64_t i;
    const char *s;
};

enum ctype {
    CT_TEXT,         /* free text */
    CT_CODE,         /* an identifier: no spaces inside, at most 64 bytes */
    CT_INT,          /* whole number >= 0 */
    CT_YEAR,         /* 1990..2100 */
    CT_MONTH,        /* 1..12; empty = 0 (the whole year) */
    CT_DEC,          /* decimal × 10^6, any sign */
    CT_DEC_NN,       /* decimal × 10^6, >= 0 */
    CT_DATE,         /* YYYY-MM-DD (also YYYY/MM/DD, YYYY.MM.DD, 2024年3月5日) */
    CT_DATE_PARTIAL, /* YYYY, YYYY-MM or YYYY-MM-DD */
    CT_FOUNDED,      /* a year, or a date whose year is kept */
    CT_BOOL,         /* 1/0, 是/否, true/false, yes/no, Y/N; stored 1/0 */
    CT_ENUM,         /* one of enums (tag or alias); stored as the tag */
    CT_ENTERPRISE,   /* a USCC that must be in the registry; stored as enterprise id */
    CT_USCC,         /* a USCC being registered (enterprises kind); text */
    CT_DISTRICT,     /* a jurisdiction code (checked by the kind) ; text */
    CT_EDITION,      /* GB/T 4754 edition: 2017, 2011, "GB/T 4754-2017" */
    CT_ENERGY_TYPE,  /* energy type tag or Chinese name; stored as the tag */
    CT_UNIT,         /* a unit tag or alias; stored as the canonical tag */
};

enum {
    CF_REQUIRED = 1, /* the column must be there and the cell must not be empty */
    CF_KEY = 2,      /* part of the natural key */
    CF_ALWAYS = 4,   /* written even when the file lacks the column (default or computed value) */
};

struct po_enumval {
    const char *tag;
    const char *aliases; /* '|'-separated, Chinese first */
};

struct colspec {
    const char *name;    /* the English header, also the export's */
    const char *aliases; /* other accepted headers, '|'-separated */
    enum ctype type;
    unsigned flags;
    const char *db;      /* database column, NULL if the kind writes it itself */
    const struct po_enumval *enums;
    const char *dflt;    /* value when the column is absent or the cell empty (text/enum) */
};

struct param {
    const char *tag;
    const char *name_zh;
    const char *unit;
    int type; /* 0 number, 1 bool, 2 text */
};

struct imp;

/* The last successfully parsed cell of a column (import.c parse_memo). */
struct memo {
    char *raw;
    size_t len, cap;
    union cell val;
    bool valid;
};

struct kindspec {
    const char *name;
    const char *table;
    const struct colspec *cols;
    size_t ncols;
    bool has_params; /* equipment: further columns are parameters */
    /*
     * Cross-field checks of row r (report with imp_diag); return 0 or
     * PO_ENOMEM, or 1 when the kind took the row into its own totals
     * (kind_state): the engine then drops it (the meter kind folds
     * readings into monthly rows that its finish() writes back).
     */
    int (*row_check)(struct imp *im, size_t r);
    /* Cross-row checks and write order, after every row was read. */
    int (*finish)(struct imp *im);
    /* NULL: the engine upserts the rows into table; else the kind writes them itself (in the
     * import's transaction, as actor), for records that are not rows of one table */
    int (*write)(struct imp *im, const char *actor, struct po_err *err);
};

struct imp {
    struct po_arena *a;
    struct po_store *st;
    const struct kindspec *k;
    struct po_import_result *res;
    const char *file;

    /* header */
    bool have_header;
    size_t nfilecols;
    const char **fileheaders; /* as written */
    int *map;                 /* file column → colspec index, or -2 - param index, or -1 (ignored) */
    int colpos[64];           /* colspec index → file column, -1 absent */

    /* equipment parameters */
    struct param *params;
    size_t nparams;
    int *param_pos; /* param index → file column, -1 absent */

    /* rows */
    size_t width; /* cells per row: ncols + nparams */
    union cell *cells;
    size_t *rownos;
    size_t nrows, caprows;
    size_t *order; /* write order set by finish(), or NULL for file order */
    struct memo *memo; /* per column */

    /* registry lookups, loaded once */
    struct po_strmap *enterprises; /* uscc → id */
    struct po_strmap *districts;   /* code → level (0 province .. 3 park) */
    struct po_strmap *district_parent; /* code → index into parent_codes */
    const char **parent_codes;
    size_t nparent_codes, capparent_codes;
    struct po_strmap *industries;  /* "code\x1fedition" → 1 */
    struct po_strmap *interned;    /* short text → its one copy */
    struct po_strmap *parsed;      /* column byte + text → parsed cell, for few-valued columns */
    struct po_buf scratch;         /* header matching */
    struct po_buf cellbuf;         /* the cell being parsed, NUL-terminated */

    /* a district officer's import (po_import_opts.scope_district), or NULL */
    const char *scope;
    struct po_strmap *in_scope; /* enterprise id (8 bytes) → 1, that district's enterprises */

    /* kinds that fold rows (row_check returned 1) */
    void *kind_state; /* the kind's own, in a */
    size_t folded;    /* rows folded so far */
};

static inline union cell *imp_row(struct imp *im, size_t r)
{
    return &im->cells[r * im->width];
}

/*
 * The engine (import.c): import path as o->kind, looked up in the table of
 * nkinds kinds the caller hands it (import_kinds.c hands it its table, so the
 * engine calls no kind by name; a kind's own checks are its row_check and
 * finish).  Returns and fills like po_import_file (ingest/import.h).
 */
int po_import_run(struct po_import_result *out, const struct kindspec *kinds, size_t nkinds,
                  struct po_store *st, const char *path, const struct po_import_opts *o,
                  struct po_arena *a, struct po_err *err);
/* Whether every row of kind k names an enterprise (a USCC column): a scoped import may take it. */
bool imp_kind_per_enterprise(const struct kindspec *k);

/* District levels as stored in imp.districts. */
enum { LV_PROVINCE = 0, LV_CITY, LV_DISTRICT, LV_PARK };
extern const char *const po_district_levels[];

#endif

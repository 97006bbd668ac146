/*
 * import_diag.h: the diagnostics of an import — what po_import_file returns
 * (struct po_import_result with its struct po_diag list) and how the engine
 * and the kinds record one about a row, including the district scope check.
 *
 * A leaf of src/ingest/import*: import.c (the engine), import_kinds.c and
 * import_meter.c include it; it includes neither.  Every function returns 0
 * or PO_ENOMEM; the strings it keeps are copied into the import's arena.
 */
#ifndef PO_IMPORT_DIAG_H
#define PO_IMPORT_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct imp;

#define PO_IMPORT_MAX_DIAGS 200

struct po_diag {
    size_t row;         /* 0: about the file as a whole */
    const char *column; /* the header as written in the file, or NULL */
    const char *value;  /* the offending value, or NULL */
    const char *reason_zh;
    const char *reason_en;
};

struct po_import_result {
    const char *file; /* base name */
    char format[24];  /* "csv utf-8", "xlsx", ... */
    size_t rows;      /* data rows read */
    struct po_upsert_counts counts;
    int64_t params_changed; /* equipment: parameter values added, changed or removed */
    size_t ndiags;          /* errors found (all of them) */
    struct po_diag *diags;  /* the first min(ndiags, PO_IMPORT_MAX_DIAGS), in the arena */
};

/* Record an error about file row rowno (1-based, 0: the file), under header column (or NULL). */
int imp_diag_at(struct imp *im, size_t rowno, const char *column, const char *value, const char *zh,
                const char *en);
/* Record an error about row r (0-based) of the parsed rows, column col (colspec index or -1). */
int imp_diag(struct imp *im, size_t r, int col, const char *value, const char *zh, const char *en);
int imp_diagf(struct imp *im, size_t r, int col, const char *value, const char *fmt_zh,
              const char *fmt_en, ...) __attribute__((format(printf, 5, 7)))
__attribute__((format(printf, 6, 7)));

/* With a scope: whether enterprise id is registered in the scope's district (true without one). */
bool imp_in_scope(struct imp *im, int64_t enterprise_id);
/* "this enterprise is not in your district <scope>" about row r, column col (value as given). */
int imp_scope_diag(struct imp *im, size_t r, int col, const char *value);

#endif

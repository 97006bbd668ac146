/*
 * refread.h: the reference tables stored in the database, read back (`phaseout ref list|show`).
 *
 * The tables are ref_table (one row per name and version) and ref_row (the
 * rows of each version, a JSON array of fields each), written by the
 * reference-table sync (app/refsync.h: db init, import, demo).  Reading
 * only; nothing here writes.
 *
 * Memory: tables, rows and their strings live in the arena given.  Errors:
 * PO_ENOTFOUND (no such table or version), the store's codes, PO_ENOMEM,
 * with err filled; *out untouched on error.
 */
#ifndef PO_REFREAD_H
#define PO_REFREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

struct po_arena;

/* The latest version of one reference table. */
struct po_reftable {
    const char *name;
    int64_t version;
    int64_t nrows;
    int64_t low_confidence; /* rows of the version whose confidence is low (待核实) */
    const char *loaded_at;  /* as stored (UTC) */
    bool older_versions;    /* an earlier version is kept as well */
};

/*
 * Every reference table's latest version, by name.  *out (*n of them) and
 * its strings live in a.  Errors: the store's; PO_ENOMEM.  *out and *n are
 * untouched on error.
 */
int po_refread_list(struct po_reftable **out, size_t *n, struct po_store *st, struct po_arena *a,
                    struct po_err *err);

/* One row of a stored version: its fields, in column order. */
struct po_refrow {
    const char **fields; /* NULL for a field that is not text, or all of them for a bad row */
    size_t n;            /* 0 for a row whose stored JSON does not parse */
};

/* A stored version of a reference table, whole. */
struct po_reftable_rows {
    const char *name;
    int64_t version;
    const char *columns;    /* the header line, as in the CSV */
    struct po_refrow *rows; /* in row order */
    size_t nrows;
};

/*
 * Version version of table name (version <= 0: the latest), with its rows.
 * Everything lives in a.  Errors: PO_ENOTFOUND when there is no such table
 * or version (the message says to look at ref list); the store's;
 * PO_ENOMEM.  *out is untouched on error.
 */
int po_refread_show(struct po_reftable_rows *out, struct po_store *st, const char *name,
                    int64_t version, struct po_arena *a, struct po_err *err);

#endif

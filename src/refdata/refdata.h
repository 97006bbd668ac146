/*
 * refdata.h: the reference tables (the CSV files of data/, compiled in) in the database.
 *
 * po_ref_sync() loads every table whose content differs from its latest
 * version in the database as a new version (version 1 the first time), so
 * the database keeps every version ever used and a past evaluation can be
 * explained with the figures it used.  Each row is stored as a JSON array
 * of its fields, with its source and confidence columns pulled out.
 */
#ifndef PO_REFDATA_H
#define PO_REFDATA_H

#include <stddef.h>

#include "store/store.h"

struct po_arena;

struct po_ref_sync_result {
    size_t tables;  /* reference tables compiled in */
    size_t loaded;  /* of which a new version was stored now */
};

/* Bring the database's reference tables up to date.  One transaction. */
int po_ref_sync(struct po_ref_sync_result *out, struct po_store *st, struct po_err *err);

/*
 * Parse an embedded CSV (RFC 4180) into rows of fields; calls fn for each
 * record (the header included, rowno 0).  Used by po_ref_sync and by the
 * readers of individual tables.
 */
typedef int po_ref_row_fn(void *ctx, size_t rowno, char **fields, size_t n, struct po_err *err);
int po_ref_parse(const char *name, po_ref_row_fn *fn, void *ctx, struct po_err *err);

#endif

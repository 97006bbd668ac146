/*
 * refdata.h: the reference tables (the CSV files of data/, compiled in),
 * parsed.  Storing them in the database is app/refsync.h.
 *
 * Memory: the fields handed to the callback are the parser's, valid during
 * that call only: copy what you keep (po_arena_strdup).  Errors: PO_ENOTFOUND
 * (no such embedded file), PO_EINTERNAL (malformed CSV), PO_ENOMEM, or the
 * callback's own nonzero return, which stops the parse.
 */
#ifndef PO_REFDATA_H
#define PO_REFDATA_H

#include <stddef.h>

#include "util/err.h"

/*
 * Parse an embedded CSV (RFC 4180) into rows of fields; calls fn for each
 * record (the header included, rowno 0).  Used by po_refsync_run
 * (app/refsync.h) and by the readers of individual tables.  Returns 0, the
 * callback's nonzero return, or PO_ENOTFOUND (no such embedded file) /
 * PO_EINTERNAL (malformed CSV) / PO_ENOMEM with err filled.
 */
typedef int po_ref_row_fn(void *ctx, size_t rowno, char **fields, size_t n, struct po_err *err);
int po_ref_parse(const char *name, po_ref_row_fn *fn, void *ctx, struct po_err *err);

/* The same over data[0..len) (a table given as bytes, e.g. by a test), named name in errors. */
int po_ref_parse_bytes(const char *name, const unsigned char *data, size_t len, po_ref_row_fn *fn,
                       void *ctx, struct po_err *err);

#endif

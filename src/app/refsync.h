/*
 * refsync.h: the reference tables (the CSV files of data/, compiled in) in
 * the database.
 *
 * po_refsync_run() loads every table whose content differs from its latest
 * version in the database as a new version (version 1 the first time), so
 * the database keeps every version ever used and a past evaluation can be
 * explained with the figures it used.  Each row is stored as a JSON array
 * of its fields, with its source and confidence columns pulled out.
 *
 * Memory: nothing to free; the counts are filled in place.  Errors: the
 * store's codes, PO_EINTERNAL (a malformed embedded file, libsodium),
 * PO_ENOMEM, with err filled; nothing is stored on error.
 */
#ifndef PO_REFSYNC_H
#define PO_REFSYNC_H

#include <stddef.h>

#include "store/store.h"
#include "util/err.h"

struct po_refsync_result {
    size_t tables; /* reference tables compiled in */
    size_t loaded; /* of which a new version was stored now */
};

/*
 * Bring the database's reference tables up to date, in one transaction
 * (nested in the caller's, if any).  Returns 0, or the store's error /
 * PO_EINTERNAL (a malformed embedded file, libsodium) with err
 * filled; then nothing was stored.
 */
int po_refsync_run(struct po_refsync_result *out, struct po_store *st, struct po_err *err);

#endif

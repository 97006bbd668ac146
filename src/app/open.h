/*
 * open.h: open a database for use — the store opened, its schema brought up to date.
 *
 * The store layer only opens (po_store_open); migrating is a use of the
 * store, so it lives one layer above, here, and the front ends call this
 * once: the CLI for every command that needs the database
 * (po_cli_open_store), `phaseout serve` before its workers connect (they
 * then open with po_store_open alone), `db copy` for both ends, the tests
 * that want a migrated database.  store/copy.c may still call po_migrate
 * on its target: that is the store's own folder.
 *
 * Memory: the store opened is the caller's (po_store_close()).  Errors:
 * po_store_open's (PO_EINVAL, PO_EUNAVAIL) and po_migrate's (PO_ECONFLICT,
 * the store's), with err filled (below).
 */
#ifndef PO_APP_OPEN_H
#define PO_APP_OPEN_H

#include "store/store.h"
#include "util/err.h"

/*
 * Open dsn with the backend it names (po_store_open) and apply every
 * migration it lacks (po_migrate, one transaction per step).  On success
 * the caller owns *out and closes it with po_store_close(); on failure
 * *out is untouched and nothing is left open.
 *
 * Errors: those of po_store_open (PO_EINVAL for no or a malformed dsn,
 * PO_EUNAVAIL when the database cannot be reached) and of po_migrate
 * (PO_ECONFLICT for a database newer than this program, the store's error
 * of a failed step, with the step in err's context).
 */
int po_app_open(struct po_store **out, const char *dsn, struct po_err *err);

#endif

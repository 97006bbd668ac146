/*
 * open.c: open and migrate (open.h).
 *
 * One small function, kept apart so that src/store never calls its own
 * migrations on open: store.c and migrate.c then depend one way only
 * (migrate uses the store), and a caller that must see a database as it
 * is (a worker connection, a copy's source check) can.
 */
#include "app/open.h"
#include "store/migrate.h"

int po_app_open(struct po_store **out, const char *dsn, struct po_err *err)
{
    struct po_store *st = NULL;
    int rc = po_store_open(&st, dsn, err);
    if (rc < 0)
        return rc;
    rc = po_migrate(st, err);
    if (rc < 0) {
        po_store_close(st);
        return rc;
    }
    *out = st;
    return 0;
}

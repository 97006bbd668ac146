/* store_pg.c: the PostgreSQL backend (placeholder; see issue 3). */
#include "store/store.h"

static int pg_open(struct po_store **out, const char *dsn, struct po_err *err)
{
    (void)out;
    (void)dsn;
    return po_err_set(err, PO_EUNAVAIL, "PostgreSQL 后端尚未实现", "postgresql backend not built yet");
}

const struct po_store_ops po_store_pg_ops = {
    .version = 1,
    .name = "pg",
    .open = pg_open,
};

/*
 * registry.c: reading the registry (registry.h).
 */
#include "app/registry.h"

#include "util/arena.h"

int po_registry_enterprise_district(const char **out, struct po_store *st, struct po_arena *a,
                                    const char *uscc, struct po_err *err)
{
    struct po_stmt *s = NULL;
    int rc = po_stmt_prepare(&s, st, "SELECT district_code FROM enterprise WHERE uscc = ?", err);
    if (rc == 0)
        rc = po_stmt_bind(s, 1, po_vtext(uscc), err);
    if (rc == 0)
        rc = po_stmt_step(s, err);
    const char *d = rc == 1 ? po_stmt_text(s, 0) : NULL;
    *out = d ? po_arena_strdup(a, d) : NULL;
    po_stmt_finalize(s);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return po_err_set(err, PO_ENOTFOUND, "没有这家企业", "no such enterprise");
    return 0;
}

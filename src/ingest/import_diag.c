/*
 * import_diag.c: how the import engine (import.c), the kinds (import_kinds.c)
 * and the meter kind (import_meter.c) record a diagnostic, and the district
 * scope they check rows against.  A leaf of src/ingest/import*: it knows the
 * row model (import_int.h), not the engine or the kinds.
 */
#include "ingest/import_diag.h"
#include "ingest/import_int.h"
#include "util/arena.h"
#include "util/strmap.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- diagnostics ---- */

static const char *colname(struct imp *im, int col)
{
    if (col < 0)
        return NULL;
    if (im->colpos[col] >= 0)
        return im->fileheaders[im->colpos[col]];
    return im->k->cols[col].name;
}

int imp_diag_at(struct imp *im, size_t rowno, const char *column, const char *value, const char *zh,
                const char *en)
{
    struct po_import_result *res = im->res;
    size_t i = res->ndiags++;
    if (i >= PO_IMPORT_MAX_DIAGS)
        return 0;
    if (!res->diags) {
        res->diags = po_arena_calloc(im->a, PO_IMPORT_MAX_DIAGS, sizeof(struct po_diag));
        if (!res->diags)
            return PO_ENOMEM;
    }
    struct po_diag *d = &res->diags[i];
    d->row = rowno;
    d->column = column;
    if (value) {
        size_t n = strlen(value);
        d->value = po_arena_strndup(im->a, value, n > 120 ? 120 : n);
    }
    d->reason_zh = po_arena_strdup(im->a, zh);
    d->reason_en = po_arena_strdup(im->a, en);
    return d->reason_zh && d->reason_en ? 0 : PO_ENOMEM;
}

int imp_diag(struct imp *im, size_t r, int col, const char *value, const char *zh, const char *en)
{
    return imp_diag_at(im, im->rownos[r], colname(im, col), value, zh, en);
}

int imp_diagf(struct imp *im, size_t r, int col, const char *value, const char *fmt_zh,
              const char *fmt_en, ...)
{
    char zh[512], en[512];
    va_list ap, ap2;
    va_start(ap, fmt_en);
    va_copy(ap2, ap);
    vsnprintf(zh, sizeof(zh), fmt_zh, ap);
    vsnprintf(en, sizeof(en), fmt_en, ap2);
    va_end(ap2);
    va_end(ap);
    return imp_diag(im, r, col, value, zh, en);
}

/* ---- a district officer's import (po_import_opts.scope_district) ---- */

bool imp_in_scope(struct imp *im, int64_t enterprise_id)
{
    return !im->scope || po_strmap_get(im->in_scope, &enterprise_id, sizeof(enterprise_id), NULL);
}

int imp_scope_diag(struct imp *im, size_t r, int col, const char *value)
{
    return imp_diagf(im, r, col, value, "该企业不属于您的辖区 %s",
                     "this enterprise is not in your district %s", im->scope);
}

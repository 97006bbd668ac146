/* coef.c: the factor table. */
#include "core/coef.h"
#include "core/units.h"
#include "util/arena.h"

#include <string.h>

void po_coef_table_init(struct po_coef_table *t, struct po_arena *a)
{
    memset(t, 0, sizeof(*t));
    t->a = a;
}

static struct po_coef *find_mut(const struct po_coef_table *t, const char *type, size_t tlen,
                                const char *unit, size_t ulen)
{
    for (size_t i = 0; i < t->n; i++) {
        struct po_coef *c = &t->rows[i];
        if (strlen(c->energy_type) == tlen && memcmp(c->energy_type, type, tlen) == 0 &&
            strlen(c->unit) == ulen && memcmp(c->unit, unit, ulen) == 0)
            return c;
    }
    return NULL;
}

const struct po_coef *po_coef_find(const struct po_coef_table *t, const char *type, size_t tlen,
                                   const char *unit, size_t ulen)
{
    return find_mut(t, type, tlen, unit, ulen);
}

int po_coef_set(struct po_coef_table *t, const char *type, const char *unit, int64_t tce_e9,
                const char *source, const char *confidence, struct po_err *err)
{
    struct po_coef *c = find_mut(t, type, strlen(type), unit, strlen(unit));
    if (!c) {
        if (t->n == t->cap) {
            size_t ncap = t->cap ? t->cap * 2 : 32;
            struct po_coef *nr = po_arena_realloc(t->a, t->rows, t->cap * sizeof(*nr),
                                                  ncap * sizeof(*nr));
            if (!nr)
                return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
            t->rows = nr;
            t->cap = ncap;
        }
        c = &t->rows[t->n++];
        c->energy_type = po_arena_strdup(t->a, type);
        c->unit = po_arena_strdup(t->a, unit);
    }
    c->tce_e9 = tce_e9;
    c->source = po_arena_strdup(t->a, source ? source : "");
    c->confidence = po_arena_strdup(t->a, confidence ? confidence : "");
    if (!c->energy_type || !c->unit || !c->source || !c->confidence)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    return 0;
}

int po_coef_set_dimension(struct po_coef_table *t, const char *type, const char *base_unit,
                          int64_t kgce_micro, const char *source, const char *confidence,
                          struct po_err *err)
{
    const struct po_unit *base = po_unit_find(base_unit, strlen(base_unit));
    if (!base || base->base_mult != 1)
        return po_err_set(err, PO_EINVAL, "“%s”不是基本计量单位", "\"%s\" is not a base unit",
                          base_unit);
    size_t n;
    const struct po_unit *u = po_units(&n);
    for (size_t i = 0; i < n; i++) {
        if (u[i].dim != base->dim)
            continue;
        if (kgce_micro > INT64_MAX / u[i].base_mult)
            return po_err_set(err, PO_EINVAL, "折标系数过大", "coefficient too large");
        int rc = po_coef_set(t, type, u[i].tag, kgce_micro * u[i].base_mult, source, confidence,
                             err);
        if (rc < 0)
            return rc;
    }
    return 0;
}

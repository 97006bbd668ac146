/* account_co2.c: the CO2 factor table of a year. */
#include "core/account_co2.h"
#include "core/account_grow.h"
#include "util/arena.h"

#include <string.h>

void po_co2_table_init(struct po_co2_table *t, int year, struct po_arena *a)
{
    memset(t, 0, sizeof(*t));
    t->year = year;
    t->a = a;
}

const struct po_co2_factor *po_co2_find(const struct po_co2_table *t, const char *type,
                                        enum po_dim dim)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->rows[i].dim == dim && strcmp(t->rows[i].energy_type, type) == 0)
            return &t->rows[i];
    return NULL;
}

int po_co2_add(struct po_co2_table *t, const struct po_co2_factor *f, struct po_err *err)
{
    if (po_co2_find(t, f->energy_type, f->dim))
        return po_err_set(err, PO_EINVAL, "能源品种 %s 的排放因子重复",
                          "emission factor of %s given twice", f->energy_type);
    if (po_acct_grow((void **)&t->rows, &t->cap, t->n, sizeof(*t->rows), t->a) < 0)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    struct po_co2_factor c = *f;
    c.energy_type = po_arena_strdup(t->a, f->energy_type);
    c.factor_id = po_arena_strdup(t->a, f->factor_id ? f->factor_id : "");
    c.why = po_arena_strdup(t->a, f->why ? f->why : "");
    c.source = po_arena_strdup(t->a, f->source ? f->source : "");
    c.confidence = po_arena_strdup(t->a, f->confidence ? f->confidence : "");
    if (!c.energy_type || !c.factor_id || !c.why || !c.source || !c.confidence)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    t->rows[t->n++] = c;
    return 0;
}

int64_t po_co2_fuel_kg_e10(int64_t lhv_dkj, int64_t ef_kg_per_tj)
{
    /* kJ×10 per unit × kg/TJ = kg per unit × 10^9 × 10: the 10^10 scale, exactly */
    return lhv_dkj * ef_kg_per_tj;
}

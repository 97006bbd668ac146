/*
 * account_barodb.c: the barometer over the database — the years a year's
 * levels rest on, accounted from the registry, and the report
 * (account_barodb.h po_barometer_db_run; `phaseout barometer`, the HTTP API).
 */
#include "app/account_barodb.h"
#include "app/account_db.h"
#include "report/account_out.h"
#include "util/arena.h"

#include <string.h>

#define MAX_YEARS 16

/* The years to account: the year, the year before, and the base years of its targets. */
static size_t years_needed(int *years, size_t cap, int year, const struct po_target *t, size_t nt)
{
    size_t n = 0;
    years[n++] = year;
    years[n++] = year - 1;
    for (size_t i = 0; i < nt && n < cap; i++) {
        if (t[i].year != year)
            continue;
        bool seen = false;
        for (size_t k = 0; k < n; k++)
            seen = seen || years[k] == t[i].base_year;
        if (!seen)
            years[n++] = t[i].base_year;
    }
    return n;
}

static int account_years(struct po_acct_run *runs, const int *years, size_t nyears,
                         struct po_store *st, const struct po_acct_refs *refs,
                         const struct po_acct_policy *pol, struct po_arena *a, struct po_err *err)
{
    for (size_t k = 0; k < nyears; k++) {
        struct po_acct_year y;
        /* every year under the assessed year's policy and factors (803号: base and target alike) */
        int rc = po_account_db_load(&y, st, years[k], a, err);
        if (rc == 0)
            rc = po_account_run(&runs[k], &y, refs, pol, a, err);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int report(struct po_baro_db *out, const struct po_acct_run *runs, const int *years,
                  size_t nyears, const struct po_target *targets, size_t ntargets,
                  const struct po_acct_policy *pol, struct po_arena *a, struct po_err *err)
{
    size_t n = runs[0].n;
    struct po_baro_ent *ents = po_arena_calloc(a, n ? n : 1, sizeof(*ents));
    const struct po_acct_result **res = po_arena_calloc(a, (n ? n : 1) * nyears, sizeof(*res));
    if (!ents || !res)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    for (size_t i = 0; i < n; i++) {
        ents[i].district = runs[0].e[i].ent->district;
        ents[i].industry = runs[0].e[i].ent->industry;
        for (size_t k = 0; k < nyears; k++)
            /* the registry is the same in every load, in the same (USCC) order */
            res[i * nyears + k] = i < runs[k].n ? &runs[k].e[i].res : NULL;
        ents[i].res = &res[i * nyears];
    }
    struct po_baro_input in = { years[0],       years,           nyears,  ents,     n,
                                out->districts, out->ndistricts, targets, ntargets, pol };
    return po_barometer_run(&out->report, &in, a, err);
}

int po_barometer_db_run(struct po_baro_db *out, struct po_store *st, int year,
                        const struct po_acct_refs *refs, const struct po_acct_policy *pol,
                        const struct po_target *targets, size_t ntargets, struct po_arena *a,
                        struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    int years[MAX_YEARS];
    struct po_acct_run *runs = po_arena_calloc(a, MAX_YEARS, sizeof(*runs));
    if (!runs)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    size_t nyears = years_needed(years, MAX_YEARS, year, targets, ntargets);
    int rc = po_account_db_districts(&out->districts, &out->ndistricts, st, a, err);
    if (rc == 0)
        rc = account_years(runs, years, nyears, st, refs, pol, a, err);
    if (rc == 0)
        rc = report(out, runs, years, nyears, targets, ntargets, pol, a, err);
    if (rc == 0)
        out->cur = runs[0];
    return rc;
}

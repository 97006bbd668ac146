/*
 * planwhatif.c: the what-if view of an exit plan (planwhatif.h).
 *
 * The barometer is run twice on the same accounts: once as they are, once
 * with the accounts of the enterprises that lose units replaced by accounts
 * of what remains.  Running the real barometer, rather than subtracting
 * tonnes from its totals, keeps the policy's exclusions, the value-added
 * rules and the level thresholds identical on both sides.
 */
#include "app/planwhatif.h"
#include "app/account_db.h"
#include "report/account_out.h"
#include "refdata/account_ref.h"
#include "core/account_grow.h"
#include "util/arena.h"

#include <stdlib.h>
#include <string.h>

#define MAX_YEARS 16

struct wi {
    struct po_store *st;
    struct po_arena *a;
    int year;
    struct po_acct_refs refs;
    struct po_acct_policy pol;
    struct po_district *d;
    size_t nd;
    struct po_target *t;
    size_t nt;
    int years[MAX_YEARS];
    size_t nyears;
    struct po_acct_run runs[MAX_YEARS];
    const struct po_acct_result **after; /* per enterprise of runs[0]; NULL: unchanged */
};

static int nomem(struct po_err *err)
{
    return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
}

static const struct po_district *district_of(const struct wi *w, const char *code)
{
    for (size_t i = 0; i < w->nd; i++)
        if (strcmp(w->d[i].code, code) == 0)
            return &w->d[i];
    return NULL;
}

/* code is area or lies below it (parks under districts under the city). */
static bool within(const struct wi *w, const char *code, const char *area)
{
    for (size_t depth = 0; code && depth < 16; depth++) {
        if (strcmp(code, area) == 0)
            return true;
        const struct po_district *d = district_of(w, code);
        code = d ? d->parent : NULL;
    }
    return false;
}

static int setup(struct wi *w, struct po_err *err)
{
    int rc = po_account_refs_load(&w->refs, w->year, w->a, err);
    if (rc == 0)
        rc = po_policy_resolve(&w->pol, &w->refs.policy, w->year, PO_ELEC_POLICY, err);
    if (rc == 0)
        rc = po_account_db_districts(&w->d, &w->nd, w->st, w->a, err);
    if (rc == 0)
        rc = po_account_db_targets(&w->t, &w->nt, w->st, w->a, err);
    return rc;
}

/* The year, the year before and the base years of the year's targets (as the barometer). */
static void years_needed(struct wi *w)
{
    w->nyears = 0;
    w->years[w->nyears++] = w->year;
    w->years[w->nyears++] = w->year - 1;
    for (size_t i = 0; i < w->nt && w->nyears < MAX_YEARS; i++) {
        bool seen = w->t[i].year != w->year;
        for (size_t k = 0; k < w->nyears; k++)
            seen = seen || w->years[k] == w->t[i].base_year;
        if (!seen)
            w->years[w->nyears++] = w->t[i].base_year;
    }
}

static int account_years(struct wi *w, struct po_err *err)
{
    for (size_t k = 0; k < w->nyears; k++) {
        struct po_acct_year y;
        int rc = po_account_db_load(&y, w->st, w->years[k], w->a, err);
        if (rc == 0)
            rc = po_account_run(&w->runs[k], &y, &w->refs, &w->pol, w->a, err);
        if (rc < 0)
            return rc;
    }
    w->after = po_arena_calloc(w->a, w->runs[0].n ? w->runs[0].n : 1, sizeof(*w->after));
    return w->after ? 0 : nomem(err);
}

static int barometer(struct po_baro_report *rep, const struct wi *w, bool after,
                     struct po_err *err)
{
    size_t n = w->runs[0].n;
    struct po_baro_ent *ents = po_arena_calloc(w->a, n ? n : 1, sizeof(*ents));
    const struct po_acct_result **res =
        po_arena_calloc(w->a, (n ? n : 1) * w->nyears, sizeof(*res));
    if (!ents || !res)
        return nomem(err);
    for (size_t i = 0; i < n; i++) {
        ents[i].district = w->runs[0].e[i].ent->district;
        ents[i].industry = w->runs[0].e[i].ent->industry;
        for (size_t k = 0; k < w->nyears; k++)
            res[i * w->nyears + k] = i < w->runs[k].n ? &w->runs[k].e[i].res : NULL;
        if (after && w->after[i])
            res[i * w->nyears] = w->after[i];
        ents[i].res = &res[i * w->nyears];
    }
    struct po_baro_input in = { w->year, w->years, w->nyears, ents, n, w->d,
                                w->nd,   w->t,     w->nt,     &w->pol };
    return po_barometer_run(rep, &in, w->a, err);
}

/* The registered units of an enterprise, for core/whatif. */
static int units_of(struct po_whatif_unit **out, size_t *n, struct wi *w, int64_t ent_id,
                    struct po_err *err)
{
    struct po_stmt *s = NULL;
    struct po_value v = po_vint(ent_id);
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    int rc = po_stmt_prepare(&s, w->st,
                             "SELECT equipment_id, coalesce(product, ''),"
                             " coalesce(capacity_unit, ''), capacity_micro, status"
                             " FROM equipment WHERE enterprise_id = ?",
                             err);
    if (rc == 0)
        rc = po_stmt_bindv(s, &v, 1, err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        rc = 0;
        if (po_acct_grow((void **)out, &cap, *n, sizeof(**out), w->a) < 0) {
            rc = nomem(err);
            break;
        }
        struct po_whatif_unit *u = &(*out)[(*n)++];
        const char *status = po_stmt_text(s, 4);
        u->equipment_id = po_arena_strdup(w->a, po_stmt_text(s, 0));
        u->product = po_arena_strdup(w->a, po_stmt_text(s, 1));
        u->capacity_unit = po_arena_strdup(w->a, po_stmt_text(s, 2));
        u->has_capacity = !po_stmt_isnull(s, 3);
        u->capacity_micro = u->has_capacity ? po_stmt_int(s, 3) : 0;
        u->out = status && (strcmp(status, "sealed") == 0 || strcmp(status, "dismantled") == 0);
        if (!u->equipment_id || !u->product || !u->capacity_unit)
            rc = nomem(err);
    }
    po_stmt_finalize(s);
    return rc;
}

static int by_uscc(const void *key, const void *elem)
{
    return strcmp(key, ((const struct po_acct_entry *)elem)->ent->uscc);
}

/* Account what is left of enterprise e and what each of its exits ur[0..n) takes. */
static int apply(struct wi *w, struct po_acct_entry *e, size_t idx, struct po_whatif_unit_row *ur,
                 size_t n, struct po_err *err)
{
    struct po_whatif_unit *units;
    size_t nunits;
    struct po_whatif_exit *x = po_arena_calloc(w->a, n, sizeof(*x));
    struct po_acct_result *res = po_arena_calloc(w->a, n + 1, sizeof(*res));
    if (!x || !res)
        return nomem(err);
    for (size_t k = 0; k < n; k++)
        x[k] = (struct po_whatif_exit){ ur[k].plan->equipment_id, ur[k].plan->capacity_micro };
    struct po_whatif_result wr;
    const struct po_acct_input *in = &e->ent->in;
    int rc = units_of(&units, &nunits, w, e->ent->id, err);
    if (rc == 0)
        rc = po_whatif_enterprise(&wr, in->rec, in->nrec, units, nunits, x, n, w->a, err);
    if (rc < 0)
        return rc;
    struct po_acct_ctx ctx = { &w->refs.coef, &w->pol, &w->refs.co2 };
    struct po_acct_input left = *in;
    left.rec = wr.after;
    left.has_value_added = in->has_value_added && !wr.whole;
    rc = po_account_enterprise(&res[n], &left, &ctx, w->a, err);
    w->after[idx] = &res[n];
    for (size_t k = 0; rc == 0 && k < n; k++) {
        ur[k].enterprise_name = e->ent->name;
        ur[k].share = wr.shares[k];
        if (wr.whole && k > 0)
            ur[k].counted_with = ur[0].plan->equipment_id;
        if (!wr.removed[k])
            continue;
        struct po_acct_input gone = { in->year, wr.removed[k], in->nrec, NULL, 0, false, 0 };
        rc = po_account_enterprise(&res[k], &gone, &ctx, w->a, err);
        ur[k].has_tce = true;
        ur[k].removed_tce_e4 = po_acct_round_tce_e4(res[k].total_e15);
    }
    if (rc < 0)
        po_err_context(err, "enterprise %s", e->ent->uscc);
    return rc;
}

static int by_plan(const void *pa, const void *pb)
{
    const struct po_plan_entry *a = ((const struct po_whatif_unit_row *)pa)->plan;
    const struct po_plan_entry *b = ((const struct po_whatif_unit_row *)pb)->plan;
    int c = strcmp(a->district_code, b->district_code);
    if (c == 0)
        c = strcmp(a->uscc, b->uscc);
    return c ? c : strcmp(a->equipment_id, b->equipment_id);
}

/* The plan rows inside district (all when NULL), grouped by enterprise, applied. */
static int apply_plan(struct po_whatif_report *out, struct wi *w, const char *district,
                      const struct po_plan_entry *rows, size_t nrows, struct po_err *err)
{
    out->units = po_arena_calloc(w->a, nrows ? nrows : 1, sizeof(*out->units));
    if (!out->units)
        return nomem(err);
    for (size_t i = 0; i < nrows; i++)
        if (!district || within(w, rows[i].district_code, district))
            out->units[out->nunits++].plan = &rows[i];
    if (out->nunits > 1)
        qsort(out->units, out->nunits, sizeof(*out->units), by_plan);
    for (size_t i = 0, j; i < out->nunits; i = j) {
        const char *uscc = out->units[i].plan->uscc;
        for (j = i + 1; j < out->nunits && strcmp(out->units[j].plan->uscc, uscc) == 0; j++)
            ;
        struct po_acct_entry *e =
            bsearch(uscc, w->runs[0].e, w->runs[0].n, sizeof(*w->runs[0].e), by_uscc);
        if (!e)
            return po_err_set(err, PO_ENOTFOUND, "企业 %s 未登记", "enterprise %s is not registered",
                              uscc);
        int rc = apply(w, e, (size_t)(e - w->runs[0].e), &out->units[i], j - i, err);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static void side(struct po_whatif_side *sd, const struct po_baro_area *ar)
{
    int64_t e9 = 0;
    sd->has_intensity = po_barometer_intensity_e9(&e9, &ar->cur, false);
    sd->intensity_e6 = (int64_t)po_acct_div_round(e9, 1000);
    sd->tce_e4 = po_acct_round_tce_e4(ar->cur.total_e15);
    sd->va_micro = (int64_t)ar->cur.va_micro;
    sd->intensity_level = ar->intensity.level;
    sd->intensity_reason = ar->intensity.reason;
    sd->total_level = ar->total.level;
    sd->total_reason = ar->total.reason;
}

static int area_rows(struct po_whatif_report *out, const struct wi *w, const char *district,
                     const struct po_baro_report *before, const struct po_baro_report *after,
                     struct po_err *err)
{
    out->areas = po_arena_calloc(w->a, before->nareas ? before->nareas : 1, sizeof(*out->areas));
    if (!out->areas)
        return nomem(err);
    for (size_t i = 0; i < before->nareas; i++) {
        const struct po_baro_area *b = &before->areas[i], *f = &after->areas[i];
        struct po_whatif_row r;
        memset(&r, 0, sizeof(r));
        r.district_code = b->district->code;
        r.district_name = b->district->name;
        r.level = b->district->level;
        const char *last = NULL;
        for (size_t k = 0; k < out->nunits; k++) {
            const struct po_whatif_unit_row *u = &out->units[k];
            if (!within(w, u->plan->district_code, r.district_code))
                continue;
            r.units_planned++;
            r.units_attributed += u->share.method != PO_WI_NONE;
            if (u->share.method == PO_WI_ENTERPRISE && (!last || strcmp(last, u->plan->uscc)))
                r.enterprises_exiting++;
            last = u->plan->uscc;
        }
        if (district ? strcmp(district, r.district_code) != 0 : r.units_planned == 0)
            continue;
        r.has_energy = b->cur.with_energy > 0;
        side(&r.before, b);
        side(&r.after, f);
        po_whatif_room(&r.room, b->total.cap_micro > 0,
                       (int64_t)po_acct_div_round(b->total.cap_micro, 100), r.before.tce_e4,
                       r.after.tce_e4);
        out->areas[out->nareas++] = r;
    }
    return 0;
}

int po_plandb_whatif(struct po_whatif_report *out, struct po_store *st, int year,
                     const char *district, const struct po_plan_entry *rows, size_t nrows,
                     struct po_arena *a, struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    out->year = year;
    struct wi *w = po_arena_calloc(a, 1, sizeof(*w));
    if (!w)
        return nomem(err);
    w->st = st;
    w->a = a;
    w->year = year;
    int rc = setup(w, err);
    if (rc == 0 && district) {
        const struct po_district *d = district_of(w, district);
        if (!d || (strcmp(d->level, "city") != 0 && strcmp(d->level, "district") != 0))
            rc = po_err_set(err, PO_ENOTFOUND, "%s 不是已登记的市或区",
                            "%s is not a registered city or district", district);
    }
    if (rc == 0 && w->nt == 0) {
        /* read the defaults without seeding them: the what-if view writes nothing */
        rc = po_account_targets_default(&w->t, &w->nt, a, err);
        out->targets_default = true;
    }
    struct po_plan_entry *stored = NULL;
    if (rc == 0 && !rows) {
        rc = po_plandb_rows(&stored, &nrows, st, year, NULL, a, err);
        rows = stored;
    }
    if (rc == 0) {
        years_needed(w);
        rc = account_years(w, err);
    }
    if (rc == 0)
        rc = apply_plan(out, w, district, rows, nrows, err);
    struct po_baro_report before, after;
    if (rc == 0)
        rc = barometer(&before, w, false, err);
    if (rc == 0)
        rc = barometer(&after, w, true, err);
    if (rc == 0)
        rc = area_rows(out, w, district, &before, &after, err);
    return rc;
}

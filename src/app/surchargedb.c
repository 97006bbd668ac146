/*
 * surchargedb.c: a month's surcharges from the database, stored as an immutable run
 * (surchargedb.h).
 *
 * The shape: read everything the month needs into one struct per enterprise (its kWh, its
 * water, the facts of the three families), then hand each enterprise to core/surcharge — which
 * does the law — and store the rows as they came out.  Reading is by whole tables, keyed by
 * USCC in a map, rather than one query per enterprise: a city has a few hundred enterprises and
 * a month is a handful of queries.  Enterprises are sorted by USCC in C, not by ORDER BY, so
 * both backends give the same sequence whatever their collation.
 */
#include "app/surchargedb.h"
#include "app/audit.h"
#include "core/decimal.h"
#include "core/deadline.h"
#include "core/surcharge.h"
#include "core/units.h"
#include "refdata/rulesdata.h"
#include "refdata/surchargedata.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__extension__ typedef __int128 i128;

/* data/rules.csv: the rule whose evidence carries the unit-product figures against the limit. */
static const char quota_rule[] = "EN-QUOTA-LIMIT";

/* The province words of data/surcharge_rules.csv's jurisdiction column, by district-code prefix
 * (GB/T 2260: 15 is the Inner Mongolia Autonomous Region). */
static const struct {
    const char *prefix, *word;
} provinces[] = { { "15", "NMG" } };

struct ent {
    int64_t id;
    const char *uscc, *name, *district;
    bool has_kwh, metered, reported;
    int64_t kwh_micro;
    const char *bad_unit; /* an electricity unit that is not energy: cannot compute */
    struct po_sc_fact f[PO_SC_NFAMILY];
    bool has_water, has_quota, has_price;
    int64_t use_m3, quota_m3, price;
    const char *diff_unit, *tier_unit, *pun_product; /* what a rule names, for "no evaluation" */
    int cat;                                         /* PO_SC_CAT_* of the caught findings */
    const char *cat_sector, *cat_finding, *cd_sector, *cd_finding;
    bool quota_unknown;
    const char *quota_finding;
    const char *al_product; /* tiered: the aluminium product of the year before */
    int64_t al_t, al_year_kwh, al_month_kwh;
    bool al_has_year, al_has_months;
};

struct ctx {
    struct po_store *st;
    struct po_arena *a;
    int year, month, dim;
    struct po_surchargedata sd;
    struct po_rulesdata rd;
    int64_t eval_id, eval_year;
    bool eval_late;         /* every run is dated after the month: the latest one, 待核实 */
    const char *eval_as_of; /* its date, for the reason */
    struct ent *ents;
    size_t n, cap;
    struct po_strmap *by_uscc;
};

struct part {
    size_t ent;
    int month;
    bool has_metered, has_reported;
    int64_t metered, reported;
};

static int nomem(struct po_err *err)
{
    return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
}

typedef int row_fn(struct ctx *x, struct po_stmt *s, void *arg, struct po_err *err);

static int each(struct ctx *x, const char *sql, const struct po_value *v, size_t nv, row_fn *fn,
                void *arg, struct po_err *err)
{
    struct po_stmt *s = NULL;
    int rc = po_stmt_prepare(&s, x->st, sql, err);
    if (rc < 0)
        return rc;
    if (nv)
        rc = po_stmt_bindv(s, v, nv, err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1)
        rc = fn(x, s, arg, err);
    po_stmt_finalize(s);
    return rc < 0 ? rc : 0;
}

static struct ent *ent_of(struct ctx *x, const char *uscc)
{
    int64_t i = 0;
    if (!uscc || !po_strmap_get(x->by_uscc, uscc, strlen(uscc), &i))
        return NULL;
    return &x->ents[i];
}

static const char *dup(struct ctx *x, const char *s)
{
    return po_arena_strdup(x->a, s ? s : "");
}

static int ent_row(struct ctx *x, struct po_stmt *s, void *arg, struct po_err *err)
{
    (void)arg;
    if (x->n == x->cap) {
        size_t ncap = x->cap ? x->cap * 2 : 256;
        struct ent *ne = po_arena_realloc(x->a, x->ents, x->cap * sizeof *ne, ncap * sizeof *ne);
        if (!ne)
            return nomem(err);
        x->ents = ne;
        x->cap = ncap;
    }
    struct ent *e = &x->ents[x->n++];
    memset(e, 0, sizeof *e);
    e->id = po_stmt_int(s, 0);
    e->uscc = dup(x, po_stmt_text(s, 1));
    e->name = dup(x, po_stmt_text(s, 2));
    e->district = dup(x, po_stmt_text(s, 3));
    return e->uscc && e->name && e->district ? 0 : nomem(err);
}

static int cmp_ent(const void *a, const void *b)
{
    return strcmp(((const struct ent *)a)->uscc, ((const struct ent *)b)->uscc);
}

static int load_enterprises(struct ctx *x, struct po_err *err)
{
    int rc = each(x,
                  "SELECT id, uscc, name, district_code FROM enterprise"
                  " WHERE status IN ('operating', 'limited', 'suspended')",
                  NULL, 0, ent_row, NULL, err);
    if (rc < 0)
        return rc;
    if (x->n)
        qsort(x->ents, x->n, sizeof *x->ents, cmp_ent);
    x->by_uscc = po_strmap_new(x->a, x->n + 1);
    if (!x->by_uscc)
        return nomem(err);
    for (size_t i = 0; i < x->n; i++)
        if (po_strmap_put(x->by_uscc, x->ents[i].uscc, strlen(x->ents[i].uscc), (int64_t)i, NULL) <
            0)
            return nomem(err);
    return 0;
}

/* ---- electricity of the month ---- */

struct parts {
    struct part *p;
    size_t n, cap;
    struct po_strmap *map;
    bool aluminium; /* only the rows of each enterprise's aluminium product */
};

/* A part of an enterprise's electricity: one (month, purpose, product), metered and reported. */
static int add_part(struct ctx *x, struct parts *ps, struct ent *e, struct po_stmt *s, int64_t kwh,
                    struct po_err *err)
{
    char key[512];
    int len = snprintf(key, sizeof key, "%s|%lld|%s|%s", e->uscc, (long long)po_stmt_int(s, 1),
                       po_stmt_text(s, 2), po_stmt_text(s, 3));
    if (len < 0 || (size_t)len >= sizeof key)
        return po_err_set(err, PO_EINVAL, "产品标签过长", "product tag too long");
    int64_t i = 0;
    if (!po_strmap_get(ps->map, key, (size_t)len, &i)) {
        if (ps->n == ps->cap) {
            size_t ncap = ps->cap ? ps->cap * 2 : 256;
            struct part *np =
                po_arena_realloc(x->a, ps->p, ps->cap * sizeof *np, ncap * sizeof *np);
            if (!np)
                return nomem(err);
            ps->p = np;
            ps->cap = ncap;
        }
        i = (int64_t)ps->n;
        memset(&ps->p[ps->n], 0, sizeof ps->p[0]);
        ps->p[ps->n].ent = (size_t)(e - x->ents);
        ps->p[ps->n++].month = (int)po_stmt_int(s, 1);
        if (po_strmap_put(ps->map, key, (size_t)len, i, NULL) < 0)
            return nomem(err);
    }
    struct part *p = &ps->p[i];
    if (strcmp(po_stmt_text(s, 4), "metered") == 0) {
        p->has_metered = true;
        p->metered += kwh;
    } else {
        p->has_reported = true;
        p->reported += kwh;
    }
    return 0;
}

/* Columns: uscc, month, purpose, product, source, quantity_micro, unit. */
static int energy_row(struct ctx *x, struct po_stmt *s, void *arg, struct po_err *err)
{
    struct parts *ps = arg;
    struct ent *e = ent_of(x, po_stmt_text(s, 0));
    if (!e)
        return 0; /* not billed (exited or closed) */
    if (ps->aluminium && (!e->al_product || strcmp(e->al_product, po_stmt_text(s, 3)) != 0))
        return 0;
    const char *unit = po_stmt_text(s, 6);
    const struct po_unit *from = po_unit_find(unit ? unit : "", unit ? strlen(unit) : 0);
    int64_t kwh = 0;
    if (!from || po_unit_convert(&kwh, po_stmt_int(s, 5), from, po_unit_find("kWh", 3)) < 0) {
        if (ps->aluminium)
            return 0; /* the unit-product figure then lacks it: cannot decide */
        e->bad_unit = dup(x, unit);
        return e->bad_unit ? 0 : nomem(err);
    }
    return add_part(x, ps, e, s, kwh, err);
}

/* The meter over the report for the same part: what the grid bills. */
static int64_t part_kwh(const struct part *p)
{
    return p->has_metered ? p->metered : p->reported;
}

static const char energy_sql[] =
    "SELECT e.uscc, n.month, n.purpose, n.product, n.source, n.quantity_micro, n.unit"
    " FROM energy n JOIN enterprise e ON e.id = n.enterprise_id"
    " WHERE n.year = ? AND n.month BETWEEN ? AND ? AND n.energy_type = 'electricity'";

static int load_electricity(struct ctx *x, struct po_err *err)
{
    struct parts ps = { NULL, 0, 0, po_strmap_new(x->a, 256), false };
    if (!ps.map)
        return nomem(err);
    const struct po_value v[] = { po_vint(x->year), po_vint(x->month), po_vint(x->month) };
    int rc = each(x, energy_sql, v, 3, energy_row, &ps, err);
    for (size_t i = 0; rc == 0 && i < ps.n; i++) {
        struct ent *e = &x->ents[ps.p[i].ent];
        e->has_kwh = true;
        e->kwh_micro += part_kwh(&ps.p[i]);
        if (ps.p[i].has_metered)
            e->metered = true;
        else
            e->reported = true;
    }
    return rc;
}

/*
 * Tiered: the unit-product electricity of the year before the month (the last whole year), of
 * the enterprise's aluminium product: its electricity (kWh, the product-tagged part; a whole-year
 * row when there is one, else the months summed) over its output (t), rounded half up to 10^-6
 * kWh/t.  Electricity is not split into AC and DC in the registry: the figure is the recorded
 * one, as the enterprise reports it for the product.
 */
static int al_output_row(struct ctx *x, struct po_stmt *s, void *arg, struct po_err *err)
{
    (void)arg;
    struct ent *e = ent_of(x, po_stmt_text(s, 0));
    const char *p = po_stmt_text(s, 1);
    if (!e || !e->tier_unit || e->al_product || !p || !strstr(p, "alumin"))
        return 0;
    e->al_product = dup(x, p);
    e->al_t = po_stmt_int(s, 2);
    return e->al_product ? 0 : nomem(err);
}

static int load_aluminium(struct ctx *x, struct po_err *err)
{
    const struct po_value y = po_vint(x->year - 1);
    int rc = each(x,
                  "SELECT e.uscc, o.product, o.quantity_micro FROM output o JOIN enterprise e ON"
                  " e.id = o.enterprise_id WHERE o.year = ? ORDER BY o.product",
                  &y, 1, al_output_row, NULL, err);
    struct parts ps = { NULL, 0, 0, po_strmap_new(x->a, 64), true };
    if (!ps.map)
        return nomem(err);
    const struct po_value v[] = { y, po_vint(0), po_vint(12) };
    if (rc == 0)
        rc = each(x, energy_sql, v, 3, energy_row, &ps, err);
    for (size_t i = 0; rc == 0 && i < ps.n; i++) {
        struct ent *e = &x->ents[ps.p[i].ent];
        if (ps.p[i].month == 0) {
            e->al_year_kwh += part_kwh(&ps.p[i]);
            e->al_has_year = true;
        } else {
            e->al_month_kwh += part_kwh(&ps.p[i]);
            e->al_has_months = true;
        }
    }
    return rc;
}

/* ---- water ---- */

static int water_row(struct ctx *x, struct po_stmt *s, void *arg, struct po_err *err)
{
    (void)arg;
    (void)err;
    struct ent *e = ent_of(x, po_stmt_text(s, 0));
    if (!e)
        return 0;
    e->has_water = true;
    e->use_m3 = po_stmt_int(s, 1);
    e->has_quota = !po_stmt_isnull(s, 2);
    e->quota_m3 = po_stmt_int(s, 2);
    e->has_price = !po_stmt_isnull(s, 3);
    e->price = po_stmt_int(s, 3);
    return 0;
}

static int load_water(struct ctx *x, struct po_err *err)
{
    const struct po_value v[] = { po_vint(x->year), po_vint(x->month) };
    return each(x,
                "SELECT e.uscc, w.use_m3_micro, w.quota_m3_micro, w.price_micro FROM water_use w"
                " JOIN enterprise e ON e.id = w.enterprise_id WHERE w.year = ? AND w.month = ?",
                v, 2, water_row, NULL, err);
}

/* ---- what the rules name ---- */

/* A rule of the family's kinds names tag among its sectors. */
static bool named(const struct ctx *x, enum po_sc_family f, const char *tag)
{
    for (size_t i = 0; i < x->sd.n; i++) {
        const struct po_sc_rule *r = &x->sd.rules[i];
        bool kind = f == PO_SC_F_DIFFERENTIAL
                        ? r->kind == PO_SC_ELIMINATED || r->kind == PO_SC_RESTRICTED
                    : f == PO_SC_F_PUNITIVE ? r->kind == PO_SC_PUNITIVE
                                            : r->kind == PO_SC_TIERED;
        if (r->utility == PO_SC_ELECTRICITY && kind && po_sc_has_tag(r->sectors, tag))
            return true;
    }
    return false;
}

static int unit_row(struct ctx *x, struct po_stmt *s, void *arg, struct po_err *err)
{
    (void)arg;
    struct ent *e = ent_of(x, po_stmt_text(s, 0));
    const char *type = po_stmt_text(s, 1);
    if (!e || !type)
        return 0;
    if (!e->diff_unit && named(x, PO_SC_F_DIFFERENTIAL, type) && !(e->diff_unit = dup(x, type)))
        return nomem(err);
    if (!e->tier_unit && named(x, PO_SC_F_TIERED, type) && !(e->tier_unit = dup(x, type)))
        return nomem(err);
    return 0;
}

static int product_row(struct ctx *x, struct po_stmt *s, void *arg, struct po_err *err)
{
    (void)arg;
    struct ent *e = ent_of(x, po_stmt_text(s, 0));
    const char *p = po_stmt_text(s, 1);
    if (e && p && !e->pun_product && named(x, PO_SC_F_PUNITIVE, p) && !(e->pun_product = dup(x, p)))
        return nomem(err);
    return 0;
}

static int load_named(struct ctx *x, struct po_err *err)
{
    int rc = each(x,
                  "SELECT e.uscc, q.equipment_type FROM equipment q JOIN enterprise e ON"
                  " e.id = q.enterprise_id WHERE q.status NOT IN ('sealed', 'dismantled')"
                  " ORDER BY q.id",
                  NULL, 0, unit_row, NULL, err);
    const struct po_value y = po_vint(x->eval_id ? x->eval_year : x->year);
    if (rc == 0)
        rc = each(x,
                  "SELECT e.uscc, o.product FROM output o JOIN enterprise e ON"
                  " e.id = o.enterprise_id WHERE o.year = ? ORDER BY o.product",
                  &y, 1, product_row, NULL, err);
    return rc;
}

/* ---- the evaluation's facts ---- */

/* One "product value unit op limit L (standard)" figure of a quota finding's evidence. */
struct fig {
    char product[64], unit[32];
    int64_t value, limit;
    bool over;
};

/* The next figure of the evidence's bracketed notes after *p; false when there is none. */
static bool next_fig(struct fig *g, const char **p)
{
    while (**p) {
        const char *end = *p + strcspn(*p, ";]");
        char seg[256], val[64], op[4], lim[64];
        size_t len = (size_t)(end - *p);
        if (len >= sizeof seg)
            len = sizeof seg - 1;
        memcpy(seg, *p, len);
        seg[len] = '\0';
        *p = *end ? end + 1 : end;
        if (sscanf(seg, " %63s %63s %31s %3s limit %63s", g->product, val, g->unit, op, lim) != 5)
            continue;
        if (po_dec_parse(&g->value, val, strlen(val)) != PO_DEC_OK ||
            po_dec_parse(&g->limit, lim, strlen(lim)) != PO_DEC_OK || g->limit <= 0)
            continue;
        g->over = strcmp(op, ">") == 0;
        return true;
    }
    return false;
}

/* (value − limit) / limit × 100, × 10^6, rounded half up; 0 when not over. */
static int64_t pct_over(const struct fig *g)
{
    if (!g->over || g->value <= g->limit)
        return 0;
    i128 n = (i128)(g->value - g->limit) * 100 * PO_MICRO;
    return (int64_t)((n + g->limit / 2) / g->limit);
}

static int quota_facts(struct ctx *x, struct ent *e, const char *evidence, const char *fid)
{
    const char *p = evidence ? strchr(evidence, '[') : NULL;
    if (!p)
        return 0;
    p++;
    struct fig g;
    while (next_fig(&g, &p)) {
        struct po_sc_fact *pf = &e->f[PO_SC_F_PUNITIVE];
        if (named(x, PO_SC_F_PUNITIVE, g.product)) {
            int64_t pct = pct_over(&g);
            if (pf->state != PO_SC_KNOWN || pct > pf->value_micro) {
                *pf = (struct po_sc_fact){ PO_SC_KNOWN, pct, dup(x, g.product), fid, NULL };
                if (!pf->sector)
                    return PO_ENOMEM;
            }
        }
    }
    return 0;
}

static int finding_row(struct ctx *x, struct po_stmt *s, void *arg, struct po_err *err)
{
    (void)arg;
    struct ent *e = ent_of(x, po_stmt_text(s, 0));
    if (!e)
        return 0;
    const char *criterion = po_stmt_text(s, 1), *rule = po_stmt_text(s, 2);
    bool caught = strcmp(po_stmt_text(s, 4), "caught") == 0;
    const char *fid = dup(x, po_stmt_text(s, 6));
    if (!fid)
        return nomem(err);
    if (strcmp(rule, quota_rule) == 0) {
        if (!caught) {
            e->quota_unknown = true;
            e->quota_finding = fid;
            return 0;
        }
        return quota_facts(x, e, po_stmt_text(s, 5), fid) < 0 ? nomem(err) : 0;
    }
    if (strcmp(criterion, "industrial_policy") != 0)
        return 0;
    const struct po_rule *r = po_rulesdata_find(&x->rd, rule, po_stmt_int(s, 3));
    if (!r || r->category == PO_RCAT_NONE)
        return 0; /* a user's rule file: no category known here */
    int cat = r->category == PO_RCAT_ELIMINATED ? PO_SC_CAT_ELIMINATED : PO_SC_CAT_RESTRICTED;
    if (caught && cat > e->cat) {
        e->cat = cat;
        e->cat_sector = r->equipment_type;
        e->cat_finding = fid;
    } else if (!caught && !e->cd_finding) {
        e->cd_sector = r->equipment_type;
        e->cd_finding = fid;
    }
    return 0;
}

/*
 * The evaluation whose findings give the facts: the latest run as of the month's last day; when
 * every run is dated after the month (an evaluation of a later year), the latest run, its rows
 * flagged 待核实 (low confidence) with the run's date in the reason: a category found later may
 * not have held in the month, but a missing run of the month's own date is no reason to bill
 * nothing.
 */
static int latest_eval(struct ctx *x, struct po_err *err)
{
    char end[16];
    snprintf(end, sizeof end, "%04d-%02d-%02d", x->year, x->month, x->dim);
    struct po_value v = po_vtext(end);
    int rc = po_store_query_int(&x->eval_id, x->st,
                                "SELECT coalesce(max(id), 0) FROM evaluation_run WHERE as_of <= ?",
                                &v, 1, err);
    if (rc == 0 && !x->eval_id) {
        rc = po_store_query_int(&x->eval_id, x->st,
                                "SELECT coalesce(max(id), 0) FROM evaluation_run", NULL, 0, err);
        x->eval_late = x->eval_id != 0;
    }
    struct po_value id = po_vint(x->eval_id);
    if (rc == 0 && x->eval_id)
        rc = po_store_query_int(&x->eval_year, x->st,
                                "SELECT year FROM evaluation_run WHERE id = ?", &id, 1, err);
    struct po_stmt *s = NULL;
    if (rc == 0 && x->eval_late)
        rc = po_stmt_prepare(&s, x->st, "SELECT as_of FROM evaluation_run WHERE id = ?", err);
    if (rc == 0 && s)
        rc = po_stmt_bindv(s, &id, 1, err);
    if (rc == 0 && s && (rc = po_stmt_step(s, err)) == 1) {
        x->eval_as_of = dup(x, po_stmt_text(s, 0));
        rc = x->eval_as_of ? 0 : nomem(err);
    }
    if (s)
        po_stmt_finalize(s);
    return rc < 0 ? rc : 0;
}

static int load_findings(struct ctx *x, struct po_err *err)
{
    if (!x->eval_id)
        return 0;
    const struct po_value v[] = { po_vint(x->eval_id), po_vtext(quota_rule) };
    return each(x,
                "SELECT uscc, criterion, rule_id, rule_version, status, evidence, finding_id"
                " FROM evaluation_finding WHERE run_id = ? AND (criterion = 'industrial_policy'"
                " OR rule_id = ?)",
                v, 2, finding_row, NULL, err);
}

static void unknown(struct po_sc_fact *f, const char *sector, const char *finding, const char *why)
{
    *f = (struct po_sc_fact){ PO_SC_UNKNOWN, 0, sector, finding, why };
}

static void tier_fact(struct ent *e)
{
    struct po_sc_fact *t = &e->f[PO_SC_F_TIERED];
    int64_t kwh = e->al_has_year ? e->al_year_kwh : e->al_month_kwh;
    if (!e->tier_unit)
        return;
    if (!e->al_product || e->al_t <= 0 || !(e->al_has_year || e->al_has_months)) {
        unknown(t, e->tier_unit, "",
                "cannot decide: the aluminium output or its electricity of the year before is not"
                " recorded (unit-product kWh/t)");
        return;
    }
    i128 n = (i128)kwh * PO_MICRO;
    *t = (struct po_sc_fact){ PO_SC_KNOWN, (int64_t)((n + e->al_t / 2) / e->al_t), e->tier_unit, "",
                              NULL };
}

/* Each enterprise's facts once everything is read. */
static void settle_facts(struct ctx *x, struct ent *e)
{
    tier_fact(e);
    static const char no_eval[] = "cannot decide: no evaluation run yet (phaseout evaluate)";
    struct po_sc_fact *d = &e->f[PO_SC_F_DIFFERENTIAL], *p = &e->f[PO_SC_F_PUNITIVE];
    if (!x->eval_id) {
        if (e->diff_unit)
            unknown(d, e->diff_unit, "", no_eval);
        if (e->pun_product)
            unknown(p, e->pun_product, "", no_eval);
        return;
    }
    if (e->cat)
        *d = (struct po_sc_fact){ PO_SC_KNOWN, e->cat, e->cat_sector, e->cat_finding, NULL };
    else if (e->cd_finding)
        unknown(d, e->cd_sector, e->cd_finding,
                "cannot decide: the evaluation could not decide the catalogue finding");
    if (p->state == PO_SC_NA && e->quota_unknown && e->pun_product)
        unknown(p, e->pun_product, e->quota_finding,
                "cannot decide: the evaluation could not decide the energy quota finding");
}

/* ---- rows ---- */

static const char *basis_text(struct ctx *x, const struct po_sc_row *r, bool water)
{
    char num[40];
    po_dec_format(num, sizeof num, r->basis_micro);
    if (water)
        return po_arena_printf(x->a, "%s%% over quota", num);
    switch (r->family) {
    case PO_SC_F_DIFFERENTIAL:
        return !r->rule ? "" : r->basis_micro == PO_SC_CAT_ELIMINATED ? "eliminated" : "restricted";
    case PO_SC_F_PUNITIVE:
        return r->rule ? po_arena_printf(x->a, "%s%% over quota", num) : "";
    case PO_SC_F_TIERED:
        return r->rule ? po_arena_printf(x->a, "%s kWh/t (%d)", num, x->year - 1) : "";
    case PO_SC_NFAMILY:
        break;
    }
    return "";
}

static int to_row(struct po_sc_stored_row *o, struct ctx *x, const struct ent *e,
                  const struct po_sc_row *r, bool water, bool has_qty)
{
    memset(o, 0, sizeof *o);
    o->uscc = e->uscc;
    o->name = e->name;
    o->district = e->district;
    o->utility = water ? "water" : "electricity";
    o->family = water ? "water" : po_sc_family_tag(r->family);
    o->rule_id = r->rule ? r->rule->rule_id : "";
    o->rule_version = r->rule ? r->rule->version : 0;
    o->kind = r->rule ? po_sc_kind_tag(r->rule->kind) : "";
    o->sector = r->sector ? r->sector : "";
    o->basis = basis_text(x, r, water);
    o->has_basis = r->rule != NULL;
    o->basis_micro = r->basis_micro;
    o->has_quantity = has_qty;
    o->quantity_micro = r->quantity_micro;
    o->quantity_unit = water ? "m3" : "kWh";
    o->quantity_source = water                       ? "water_use"
                         : !has_qty                  ? ""
                         : e->metered && e->reported ? "metered+reported"
                         : e->metered                ? "metered"
                                                     : "reported";
    o->has_rate = r->rule && r->rule->has_rate;
    o->rate_micro = r->rate_micro;
    o->steps = r->steps;
    o->days = r->days;
    o->days_in_month = r->days_in_month;
    o->has_amount = r->status == PO_SC_COMPUTED;
    o->amount_micro = o->has_amount ? r->amount_micro : 0;
    o->status = r->status == PO_SC_COMPUTED ? "ok"
                : r->rule || water          ? "cannot_compute"
                                            : "cannot_decide";
    o->reason_zh = r->reason_zh ? r->reason_zh : "";
    o->reason_en = r->reason_en ? r->reason_en : "";
    if (!water && e->bad_unit && r->rule && !has_qty) {
        o->reason_en = po_arena_printf(x->a,
                                       "cannot compute: electricity unit \"%s\" is not "
                                       "convertible to kWh",
                                       e->bad_unit);
        o->reason_zh =
            po_arena_printf(x->a, "无法计算：用电量单位“%s”无法换算为千瓦时", e->bad_unit);
    }
    if (water && r->rule) {
        /* the statement's rate is yuan per m3: the band's multiple of the water price */
        char mult[40], price[40];
        po_dec_format(mult, sizeof mult, r->rate_micro);
        po_dec_format(price, sizeof price, e->price);
        o->has_rate = e->has_price;
        o->rate_micro = (int64_t)(((i128)r->rate_micro * e->price + PO_MICRO / 2) / PO_MICRO);
        o->basis = e->has_price ? po_arena_printf(x->a, "%s; %s x water price %s yuan/m3", o->basis,
                                                  mult, price)
                                : po_arena_printf(x->a, "%s; %s x water price", o->basis, mult);
    }
    o->low_confidence = r->low_confidence;
    if (x->eval_late && !water && r->finding && r->finding[0]) {
        o->low_confidence = true;
        if (!o->reason_en[0]) {
            o->reason_en = po_arena_printf(x->a,
                                           "to verify: the evaluation is as of %s, after "
                                           "the month",
                                           x->eval_as_of);
            o->reason_zh =
                po_arena_printf(x->a, "待核实：所依据的评估基准日为 %s，晚于本月", x->eval_as_of);
        }
    }
    o->document = r->rule ? r->rule->document : "";
    o->article = r->rule ? r->rule->article : "";
    o->finding_id = r->finding ? r->finding : "";
    return o->basis && o->reason_en && o->reason_zh ? 0 : PO_ENOMEM;
}

static int jurisdictions(const char **jur, const struct ent *e)
{
    jur[0] = "CN";
    for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++)
        if (strncmp(e->district, provinces[i].prefix, strlen(provinces[i].prefix)) == 0) {
            jur[1] = provinces[i].word;
            return 2;
        }
    return 1;
}

static int ent_rows(struct po_sc_stored_run *run, size_t *cap, struct ctx *x, const struct ent *e,
                    struct po_err *err)
{
    struct po_sc_day days[31];
    for (int d = 0; d < x->dim; d++)
        memcpy(days[d].f, e->f, sizeof e->f);
    const char *jur[2];
    size_t njur = (size_t)jurisdictions(jur, e);
    struct po_sc_input in = { x->year, x->month, jur, njur, e->has_kwh, e->kwh_micro, days };
    struct po_sc_row rows[PO_SC_MAX_ROWS];
    int n = po_sc_month(rows, PO_SC_MAX_ROWS, &in, x->sd.rules, x->sd.n);
    int nel = n;
    if (n >= 0 && e->has_water) {
        struct po_sc_water w = { x->year,   x->month,    true,     e->has_quota, e->has_price,
                                 e->use_m3, e->quota_m3, e->price, jur,          njur };
        int nw = po_sc_water_month(rows + n, PO_SC_MAX_ROWS - (size_t)n, &w, x->sd.rules, x->sd.n);
        n = nw < 0 ? -1 : n + nw;
    }
    if (n < 0)
        return po_err_set(err, PO_EINTERNAL, "企业 %s 的附加费行数过多",
                          "too many surcharge rows for enterprise %s", e->uscc);
    if (run->nrows + (size_t)n > *cap) {
        size_t ncap = (*cap ? *cap * 2 : 256) + (size_t)n;
        struct po_sc_stored_row *nr =
            po_arena_realloc(x->a, run->rows, *cap * sizeof *nr, ncap * sizeof *nr);
        if (!nr)
            return nomem(err);
        run->rows = nr;
        *cap = ncap;
    }
    for (int i = 0; i < n; i++) {
        bool water = i >= nel;
        struct po_sc_stored_row *o = &run->rows[run->nrows];
        if (to_row(o, x, e, &rows[i], water,
                   water ? rows[i].status == PO_SC_COMPUTED || rows[i].quantity_micro > 0
                         : e->has_kwh) < 0)
            return nomem(err);
        o->seq = (int)++run->nrows;
    }
    return 0;
}

static int compute_rows(struct po_sc_stored_run *run, struct ctx *x, struct po_err *err)
{
    size_t cap = 0;
    const char *last = "";
    for (size_t i = 0; i < x->n; i++) {
        settle_facts(x, &x->ents[i]);
        int rc = ent_rows(run, &cap, x, &x->ents[i], err);
        if (rc < 0)
            return rc;
    }
    for (size_t i = 0; i < run->nrows; i++) {
        const struct po_sc_stored_row *r = &run->rows[i];
        if (strcmp(r->uscc, last) != 0)
            run->nenterprises++;
        last = r->uscc;
        if (r->has_amount) {
            run->ncomputed++;
            run->total_micro += r->amount_micro;
        } else {
            run->ncannot++;
        }
    }
    return 0;
}

/* ---- storing and reading ---- */

static struct po_value opt(bool has, int64_t v)
{
    return has ? po_vint(v) : PO_VNULL;
}

static int store_run(struct po_sc_stored_run *run, struct po_store *st, struct po_arena *a,
                     struct po_err *err)
{
    int rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    rc = po_store_query_int(&run->id, st, "SELECT coalesce(max(id), 0) + 1 FROM surcharge_run",
                            NULL, 0, err);
    const struct po_value rv[] = {
        po_vint(run->id),
        po_vint(run->year),
        po_vint(run->month),
        po_vtext(run->created_at),
        po_vtext(run->actor),
        po_vtext(run->rules_name),
        po_vtext(run->rules_sha256),
        opt(run->evaluation_run_id > 0, run->evaluation_run_id),
        po_vint(run->nenterprises),
        po_vint((int64_t)run->nrows),
        po_vint(run->ncomputed),
        po_vint(run->ncannot),
        po_vint(run->total_micro),
    };
    if (rc == 0)
        rc =
            po_store_run(st,
                         "INSERT INTO surcharge_run(id, year, month, created_at, actor, rules_name,"
                         " rules_sha256, evaluation_run_id, nenterprises, nrows, ncomputed,"
                         " ncannot, total_micro) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         rv, sizeof rv / sizeof rv[0], err);
    struct po_stmt *s = NULL;
    if (rc == 0)
        rc = po_stmt_prepare(
            &s, st,
            "INSERT INTO surcharge_row(run_id, seq, uscc, enterprise_name, district_code, utility,"
            " family, rule_id, rule_version, kind, sector, basis, basis_micro, quantity_micro,"
            " quantity_unit, quantity_source, rate_micro, steps, days, days_in_month,"
            " amount_micro, status, reason_zh, reason_en, low_confidence, document, article,"
            " finding_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " ?, ?, ?, ?, ?, ?, ?)",
            err);
    for (size_t i = 0; rc == 0 && i < run->nrows; i++) {
        const struct po_sc_stored_row *r = &run->rows[i];
        const struct po_value v[] = {
            po_vint(run->id),
            po_vint(r->seq),
            po_vtext(r->uscc),
            po_vtext(r->name),
            po_vtext(r->district),
            po_vtext(r->utility),
            po_vtext(r->family),
            po_vtext(r->rule_id),
            po_vint(r->rule_version),
            po_vtext(r->kind),
            po_vtext(r->sector),
            po_vtext(r->basis),
            opt(r->has_basis, r->basis_micro),
            opt(r->has_quantity, r->quantity_micro),
            po_vtext(r->quantity_unit),
            po_vtext(r->quantity_source),
            opt(r->has_rate, r->rate_micro),
            po_vint(r->steps),
            po_vint(r->days),
            po_vint(r->days_in_month),
            opt(r->has_amount, r->amount_micro),
            po_vtext(r->status),
            po_vtext(r->reason_zh),
            po_vtext(r->reason_en),
            po_vint(r->low_confidence),
            po_vtext(r->document),
            po_vtext(r->article),
            po_vtext(r->finding_id),
        };
        rc = po_stmt_bindv(s, v, sizeof v / sizeof v[0], err);
        if (rc == 0)
            rc = po_stmt_step(s, err);
        if (rc >= 0)
            rc = po_stmt_reset(s, err);
    }
    if (s)
        po_stmt_finalize(s);
    /* a month billed is a consequence for enterprises: one audit row, in the run's transaction */
    char total[40];
    po_dec_format(total, sizeof total, run->total_micro);
    const char *object =
        rc < 0 ? NULL : po_arena_printf(a, "surcharge_run/%lld", (long long)run->id);
    const char *detail =
        rc < 0 ? NULL
               : po_arena_printf(
                     a, "month=%04d-%02d rows=%zu computed=%lld total_yuan=%s rules_sha256=%s",
                     run->year, run->month, run->nrows, (long long)run->ncomputed, total,
                     run->rules_sha256);
    if (rc >= 0)
        rc = object && detail ? po_audit_append(st, run->created_at, run->actor, "surcharge.run",
                                                object, detail, err)
                              : nomem(err);
    return po_store_end(st, rc < 0 ? rc : 0, err);
}

int po_surchargedb_compute(struct po_sc_stored_run *out, struct po_store *st, int year, int month,
                           const char *actor, const char *created_at, struct po_arena *a,
                           struct po_err *err)
{
    struct ctx x = { .st = st, .a = a, .year = year, .month = month };
    x.dim = month >= 1 && month <= 12 ? po_deadline_days_in_month(year, month) : 0;
    if (x.dim <= 0 || year < 1900 || year > 9999)
        return po_err_set(err, PO_EINVAL, "月份 %04d-%02d 无效", "invalid month %04d-%02d", year,
                          month);
    int rc = po_surchargedata_load(&x.sd, a, err);
    if (rc == 0)
        rc = po_rulesdata_load(&x.rd, NULL, a, err);
    if (rc == 0)
        rc = load_enterprises(&x, err);
    if (rc == 0)
        rc = latest_eval(&x, err);
    if (rc == 0)
        rc = load_named(&x, err);
    if (rc == 0)
        rc = load_findings(&x, err);
    if (rc == 0)
        rc = load_electricity(&x, err);
    if (rc == 0)
        rc = load_water(&x, err);
    if (rc == 0)
        rc = load_aluminium(&x, err);
    struct po_sc_stored_run run = { .year = year,
                                    .month = month,
                                    .actor = actor,
                                    .created_at = created_at,
                                    .rules_name = x.sd.name,
                                    .rules_sha256 = po_arena_strdup(a, x.sd.hash),
                                    .evaluation_run_id = x.eval_id };
    if (rc == 0)
        rc = compute_rows(&run, &x, err);
    if (rc == 0)
        rc = store_run(&run, st, a, err);
    if (rc == 0)
        *out = run;
    return rc;
}

static int read_row(struct ctx *x, struct po_stmt *s, void *arg, struct po_err *err)
{
    struct po_sc_stored_run *run = arg;
    if (run->nrows == x->cap) {
        size_t ncap = x->cap ? x->cap * 2 : 256;
        struct po_sc_stored_row *nr =
            po_arena_realloc(x->a, run->rows, x->cap * sizeof *nr, ncap * sizeof *nr);
        if (!nr)
            return nomem(err);
        run->rows = nr;
        x->cap = ncap;
    }
    struct po_sc_stored_row *r = &run->rows[run->nrows++];
    memset(r, 0, sizeof *r);
    const char **text[] = { &r->uscc,    &r->name, &r->district, &r->utility, &r->family,
                            &r->rule_id, &r->kind, &r->sector,   &r->basis };
    r->seq = (int)po_stmt_int(s, 0);
    for (int i = 0; i < 9; i++)
        if (!(*text[i] = dup(x, po_stmt_text(s, 1 + i))))
            return nomem(err);
    r->rule_version = (int)po_stmt_int(s, 10);
    r->has_basis = !po_stmt_isnull(s, 11);
    r->basis_micro = po_stmt_int(s, 11);
    r->has_quantity = !po_stmt_isnull(s, 12);
    r->quantity_micro = po_stmt_int(s, 12);
    r->has_rate = !po_stmt_isnull(s, 15);
    r->rate_micro = po_stmt_int(s, 15);
    r->steps = po_stmt_int(s, 16);
    r->days = (int)po_stmt_int(s, 17);
    r->days_in_month = (int)po_stmt_int(s, 18);
    r->has_amount = !po_stmt_isnull(s, 19);
    r->amount_micro = po_stmt_int(s, 19);
    r->low_confidence = po_stmt_int(s, 23) != 0;
    const char **more[] = { &r->quantity_unit, &r->quantity_source, &r->status,  &r->reason_zh,
                            &r->reason_en,     &r->document,        &r->article, &r->finding_id };
    static const int col[] = { 13, 14, 20, 21, 22, 24, 25, 26 };
    for (int i = 0; i < 8; i++)
        if (!(*more[i] = dup(x, po_stmt_text(s, col[i]))))
            return nomem(err);
    return 0;
}

static int run_row(struct ctx *x, struct po_stmt *s, void *arg, struct po_err *err)
{
    struct po_sc_stored_run *run = arg;
    run->id = po_stmt_int(s, 0);
    run->year = (int)po_stmt_int(s, 1);
    run->month = (int)po_stmt_int(s, 2);
    run->created_at = dup(x, po_stmt_text(s, 3));
    run->actor = dup(x, po_stmt_text(s, 4));
    run->rules_name = dup(x, po_stmt_text(s, 5));
    run->rules_sha256 = dup(x, po_stmt_text(s, 6));
    run->evaluation_run_id = po_stmt_int(s, 7);
    run->nenterprises = po_stmt_int(s, 8);
    run->ncomputed = po_stmt_int(s, 9);
    run->ncannot = po_stmt_int(s, 10);
    run->total_micro = po_stmt_int(s, 11);
    return run->created_at && run->actor && run->rules_name && run->rules_sha256 ? 0 : nomem(err);
}

int po_surchargedb_read(struct po_sc_stored_run *out, struct po_store *st, int64_t run_id,
                        struct po_arena *a, struct po_err *err)
{
    struct ctx x = { .st = st, .a = a };
    struct po_sc_stored_run run = { 0 };
    const struct po_value id = po_vint(run_id);
    int rc = each(&x,
                  "SELECT id, year, month, created_at, actor, rules_name, rules_sha256,"
                  " evaluation_run_id, nenterprises, ncomputed, ncannot, total_micro"
                  " FROM surcharge_run WHERE id = ?",
                  &id, 1, run_row, &run, err);
    if (rc == 0 && run.id == 0)
        return po_err_set(err, PO_ENOTFOUND, "没有附加费计算批次 %lld", "no surcharge run %lld",
                          (long long)run_id);
    if (rc == 0)
        rc = each(&x,
                  "SELECT seq, uscc, enterprise_name, district_code, utility, family, rule_id,"
                  " kind, sector, basis, rule_version, basis_micro, quantity_micro, quantity_unit,"
                  " quantity_source, rate_micro, steps, days, days_in_month, amount_micro, status,"
                  " reason_zh, reason_en, low_confidence, document, article, finding_id"
                  " FROM surcharge_row WHERE run_id = ? ORDER BY seq",
                  &id, 1, read_row, &run, err);
    if (rc == 0)
        *out = run;
    return rc;
}

int po_surchargedb_last_month(int *year, int *month, struct po_store *st, struct po_err *err)
{
    int64_t ym = 0;
    int rc = po_store_query_int(&ym, st,
                                "SELECT coalesce((SELECT year * 100 + month FROM surcharge_run"
                                " ORDER BY id DESC LIMIT 1), 0)",
                                NULL, 0, err);
    if (rc == 0 && ym == 0)
        return po_err_set(err, PO_ENOTFOUND, "尚无附加费计算批次", "no surcharge run yet");
    if (rc == 0) {
        *year = (int)(ym / 100);
        *month = (int)(ym % 100);
    }
    return rc;
}

int po_surchargedb_latest(struct po_sc_stored_run *out, struct po_store *st, int year, int month,
                          struct po_arena *a, struct po_err *err)
{
    int64_t id = 0;
    const struct po_value v[] = { po_vint(year), po_vint(month) };
    int rc = po_store_query_int(&id, st,
                                "SELECT coalesce(max(id), 0) FROM surcharge_run WHERE year = ?"
                                " AND month = ?",
                                v, 2, err);
    if (rc == 0 && id == 0)
        return po_err_set(err, PO_ENOTFOUND, "%04d-%02d 没有附加费计算批次",
                          "no surcharge run of %04d-%02d", year, month);
    return rc < 0 ? rc : po_surchargedb_read(out, st, id, a, err);
}

/* ---- the diff ---- */

static bool same_row(const struct po_sc_stored_row *a, const struct po_sc_stored_row *b)
{
    return strcmp(a->utility, b->utility) == 0 && strcmp(a->rule_id, b->rule_id) == 0 &&
           a->rule_version == b->rule_version && strcmp(a->status, b->status) == 0 &&
           strcmp(a->family, b->family) == 0;
}

/* The rows of uscc in run: [*lo, *hi). Rows are in USCC order. */
static void span(size_t *lo, size_t *hi, const struct po_sc_stored_run *run, const char *uscc)
{
    *lo = 0;
    while (*lo < run->nrows && strcmp(run->rows[*lo].uscc, uscc) != 0)
        (*lo)++;
    *hi = *lo;
    while (*hi < run->nrows && strcmp(run->rows[*hi].uscc, uscc) == 0)
        (*hi)++;
}

/* Entries of rows [lo, hi) of a with no like row in b's [blo, bhi), "; "-joined. */
static const char *unmatched(const struct po_sc_stored_run *a, size_t lo, size_t hi,
                             const struct po_sc_stored_run *b, size_t blo, size_t bhi, int64_t *sum,
                             struct po_arena *ar)
{
    struct po_buf buf = PO_BUF_INIT;
    buf.arena = ar;
    *sum = 0;
    for (size_t i = lo; i < hi; i++) {
        const struct po_sc_stored_row *r = &a->rows[i];
        if (r->has_amount)
            *sum += r->amount_micro;
        bool found = false;
        for (size_t j = blo; j < bhi && !found; j++)
            found = same_row(r, &b->rows[j]);
        if (!found)
            po_buf_addf(&buf, "%s%s v%d %s", buf.len ? "; " : "",
                        r->rule_id[0] ? r->rule_id : r->family, r->rule_version, r->status);
    }
    return po_buf_failed(&buf) ? NULL : buf.buf;
}

static int diff_one(struct po_surchargedb_diff *d, const struct po_sc_stored_run *prev,
                    const struct po_sc_stored_run *cur, const struct po_sc_stored_row *who,
                    struct po_arena *a)
{
    size_t plo, phi, clo, chi;
    span(&plo, &phi, prev, who->uscc);
    span(&clo, &chi, cur, who->uscc);
    memset(d, 0, sizeof *d);
    d->uscc = who->uscc;
    d->name = who->name;
    d->new_rows = unmatched(cur, clo, chi, prev, plo, phi, &d->after_micro, a);
    d->gone_rows = unmatched(prev, plo, phi, cur, clo, chi, &d->before_micro, a);
    return d->new_rows && d->gone_rows ? 0 : PO_ENOMEM;
}

int po_surchargedb_diff(struct po_surchargedb_diff **out, size_t *n,
                        const struct po_sc_stored_run *prev, const struct po_sc_stored_run *cur,
                        struct po_arena *a, struct po_err *err)
{
    struct po_surchargedb_diff *d = po_arena_calloc(a, prev->nrows + cur->nrows + 1, sizeof *d);
    if (!d)
        return nomem(err);
    size_t k = 0, i = 0, j = 0;
    /* a merge of the two runs' enterprises, both in USCC order */
    while (i < prev->nrows || j < cur->nrows) {
        int c = i >= prev->nrows  ? 1
                : j >= cur->nrows ? -1
                                  : strcmp(prev->rows[i].uscc, cur->rows[j].uscc);
        const struct po_sc_stored_row *who = c <= 0 ? &prev->rows[i] : &cur->rows[j];
        if (diff_one(&d[k], prev, cur, who, a) < 0)
            return nomem(err);
        if (d[k].before_micro != d[k].after_micro || d[k].new_rows[0] || d[k].gone_rows[0])
            k++;
        while (i < prev->nrows && strcmp(prev->rows[i].uscc, who->uscc) == 0)
            i++;
        while (j < cur->nrows && strcmp(cur->rows[j].uscc, who->uscc) == 0)
            j++;
    }
    *out = d;
    *n = k;
    return 0;
}

/*
 * account_ref.c: reading the accounting's data/ tables into core tables.
 *
 * One small reader (struct cols) maps header names to field positions for
 * every file, so each loader below is a row callback that names the columns
 * it wants.  The emission factors are the only derived table: a fuel's
 * factor is its heat value (energy_conversion_coefficients.csv) times its
 * IPCC factor per TJ (emission_factors.csv), chosen per energy type by
 * emission_factor_map.csv.
 */
#include "refdata/account_ref.h"
#include "refdata/coefdata.h"
#include "refdata/refdata.h"
#include "core/account_grow.h"
#include "core/decimal.h"
#include "core/units.h"
#include "util/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAXCOLS = 16 };

struct cols {
    const char *file;
    const char *const *names; /* NULL-terminated */
    int idx[MAXCOLS];
};

/* Row 0: find every wanted column.  Later rows: f[idx[k]] is column k. */
static int header(struct cols *c, char **f, size_t n, struct po_err *err)
{
    for (size_t k = 0; c->names[k]; k++) {
        c->idx[k] = -1;
        for (size_t i = 0; i < n; i++)
            if (strcmp(f[i], c->names[k]) == 0)
                c->idx[k] = (int)i;
        if (c->idx[k] < 0)
            return po_err_set(err, PO_EINTERNAL, "%s 缺少列 %s", "%s lacks column %s", c->file,
                              c->names[k]);
    }
    return 0;
}

static const char *col(const struct cols *c, char **f, size_t n, int k)
{
    return (size_t)c->idx[k] < n ? f[c->idx[k]] : "";
}

/* A whole number, or -1. */
static int int_of(const char *s)
{
    int64_t v;
    return po_int_parse(&v, s, strlen(s)) == PO_DEC_OK && v >= 0 && v <= 100000 ? (int)v : -1;
}

static int row_error(struct po_err *err, const char *file, size_t rowno)
{
    po_err_context(err, "%s row %zu", file, rowno + 1);
    return err ? err->code : PO_EINVAL;
}

/* ---- policy ---- */

static const char *const policy_cols[] = {
    "rule",           "effective_from", "effective_to", "value",      "document",
    "description_zh", "description_en", "source",       "confidence", NULL
};

struct policy_ctx {
    struct cols c;
    struct po_policy_table *t;
};

static int policy_row(void *vctx, size_t rowno, char **f, size_t n, struct po_err *err)
{
    struct policy_ctx *x = vctx;
    if (rowno == 0)
        return header(&x->c, f, n, err);
    const char *v[9];
    for (int k = 0; k < 9; k++)
        v[k] = col(&x->c, f, n, k);
    if (po_policy_add(x->t, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], err) < 0)
        return row_error(err, x->c.file, rowno);
    return 0;
}

static const char *const eq_cols[] = {
    "year", "gce_per_kwh", "basis", "source", "confidence", NULL
};

static int eq_row(void *vctx, size_t rowno, char **f, size_t n, struct po_err *err)
{
    struct policy_ctx *x = vctx;
    if (rowno == 0)
        return header(&x->c, f, n, err);
    int64_t y;
    const char *ys = col(&x->c, f, n, 0);
    if (po_int_parse(&y, ys, strlen(ys)) != PO_DEC_OK || y < 1900 || y > 2100) {
        po_err_set(err, PO_EINTERNAL, "年份“%s”无效", "invalid year \"%s\"", ys);
        return row_error(err, x->c.file, rowno);
    }
    if (po_policy_add_equal_value(x->t, (int)y, col(&x->c, f, n, 1), col(&x->c, f, n, 2),
                                  col(&x->c, f, n, 3), col(&x->c, f, n, 4), err) < 0)
        return row_error(err, x->c.file, rowno);
    return 0;
}

int po_account_policy_load(struct po_policy_table *t, struct po_err *err)
{
    struct policy_ctx x = { { "accounting_policy.csv", policy_cols, { 0 } }, t };
    int rc = po_ref_parse("data/accounting_policy.csv", policy_row, &x, err);
    if (rc < 0)
        return rc;
    struct policy_ctx e = { { "electricity_equal_value.csv", eq_cols, { 0 } }, t };
    return po_ref_parse("data/electricity_equal_value.csv", eq_row, &e, err);
}

/* ---- quota ---- */

static const char *const std_cols[] = { "standard",        "effective_date", "product",
                                        "process_variant", "indicator",      "limit_existing",
                                        "limit_new",       "advanced",       "unit",
                                        "source",          "confidence",     NULL };

struct quota_ctx {
    struct cols c;
    struct po_quota_tables *t;
};

static int std_row(void *vctx, size_t rowno, char **f, size_t n, struct po_err *err)
{
    struct quota_ctx *x = vctx;
    if (rowno == 0)
        return header(&x->c, f, n, err);
    const char *v[11];
    for (int k = 0; k < 11; k++)
        v[k] = col(&x->c, f, n, k);
    if (po_quota_add_std(x->t, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10],
                         err) < 0)
        return row_error(err, x->c.file, rowno);
    return 0;
}

static const char *const bench_cols[] = { "edition",   "product",    "indicator",
                                          "benchmark", "baseline",   "unit",
                                          "source",    "confidence", NULL };

static int bench_row(void *vctx, size_t rowno, char **f, size_t n, struct po_err *err)
{
    struct quota_ctx *x = vctx;
    if (rowno == 0)
        return header(&x->c, f, n, err);
    const char *v[8];
    for (int k = 0; k < 8; k++)
        v[k] = col(&x->c, f, n, k);
    if (po_quota_add_bench(x->t, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], err) < 0)
        return row_error(err, x->c.file, rowno);
    return 0;
}

static const char *const map_cols[] = {
    "product",
    "name_zh",
    "standard",
    "quota_product",
    "quota_variant",
    "quota_indicator",
    "scope",
    "feedstock_in_quota",
    "benchmark_product",
    "benchmark_indicator",
    "note",
    "source",
    "confidence",
    NULL,
};

static int map_row(void *vctx, size_t rowno, char **f, size_t n, struct po_err *err)
{
    struct quota_ctx *x = vctx;
    if (rowno == 0)
        return header(&x->c, f, n, err);
    const char *v[13];
    for (int k = 0; k < 13; k++)
        v[k] = col(&x->c, f, n, k);
    struct po_product_quota m = { v[0],  v[1], v[2], v[3],  v[4],  v[5], PO_QUOTA_COMPREHENSIVE,
                                  false, v[8], v[9], v[10], v[11], v[12] };
    bool elec = strcmp(v[6], "electricity") == 0;
    if (!elec && strcmp(v[6], "comprehensive") != 0) {
        po_err_set(err, PO_EINTERNAL, "scope 应为 comprehensive 或 electricity，而不是“%s”",
                   "scope must be comprehensive or electricity, not \"%s\"", v[6]);
        return row_error(err, x->c.file, rowno);
    }
    if (strcmp(v[7], "0") != 0 && strcmp(v[7], "1") != 0) {
        po_err_set(err, PO_EINTERNAL, "feedstock_in_quota 应为 0 或 1，而不是“%s”",
                   "feedstock_in_quota must be 0 or 1, not \"%s\"", v[7]);
        return row_error(err, x->c.file, rowno);
    }
    m.scope = elec ? PO_QUOTA_ELECTRICITY : PO_QUOTA_COMPREHENSIVE;
    m.feedstock_in_quota = v[7][0] == '1';
    if (po_quota_add_map(x->t, &m, err) < 0)
        return row_error(err, x->c.file, rowno);
    return 0;
}

int po_account_quota_load(struct po_quota_tables *t, struct po_err *err)
{
    struct quota_ctx s = { { "energy_quota_standards.csv", std_cols, { 0 } }, t };
    int rc = po_ref_parse("data/energy_quota_standards.csv", std_row, &s, err);
    struct quota_ctx b = { { "efficiency_benchmark_levels.csv", bench_cols, { 0 } }, t };
    if (rc == 0)
        rc = po_ref_parse("data/efficiency_benchmark_levels.csv", bench_row, &b, err);
    struct quota_ctx m = { { "product_quotas.csv", map_cols, { 0 } }, t };
    if (rc == 0)
        rc = po_ref_parse("data/product_quotas.csv", map_row, &m, err);
    return rc;
}

/* ---- CO2 ---- */

/* A keyed row of one of the CO2 source files, kept as strings. */
struct kv {
    char *key, *a, *b, *c, *d, *e;
};

struct kv_ctx {
    struct cols c;
    struct kv *rows;
    size_t n, cap;
    struct po_arena *ar;
    int year_filter; /* grid factors: keep the row of this year only */
};

static int kv_row(void *vctx, size_t rowno, char **f, size_t n, struct po_err *err)
{
    struct kv_ctx *x = vctx;
    if (rowno == 0)
        return header(&x->c, f, n, err);
    if (x->year_filter && int_of(col(&x->c, f, n, 0)) != x->year_filter)
        return 0;
    if (po_acct_grow((void **)&x->rows, &x->cap, x->n, sizeof(*x->rows), x->ar) < 0)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    struct kv *r = &x->rows[x->n++];
    memset(r, 0, sizeof(*r));
    char **dst[6] = { &r->key, &r->a, &r->b, &r->c, &r->d, &r->e };
    for (int k = 0; k < 6; k++) {
        *dst[k] = po_arena_strdup(x->ar, x->c.names[k] ? col(&x->c, f, n, k) : "");
        if (!*dst[k])
            return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
        if (!x->c.names[k]) {
            for (int j = k + 1; j < 6; j++)
                *dst[j] = *dst[k];
            break;
        }
    }
    return 0;
}

static const struct kv *kv_find(const struct kv_ctx *x, const char *key)
{
    for (size_t i = 0; i < x->n; i++)
        if (strcmp(x->rows[i].key, key) == 0)
            return &x->rows[i];
    return NULL;
}

static int kv_load(struct kv_ctx *x, const char *path, const char *file, const char *const *names,
                   struct po_arena *a, struct po_err *err)
{
    memset(x, 0, sizeof(*x));
    x->c.file = file;
    x->c.names = names;
    x->ar = a;
    return po_ref_parse(path, kv_row, x, err);
}

/* energy_conversion_coefficients.csv: low_heat_value "20908" or "16726-17981" → kJ × 10. */
static int lhv_dkj(int64_t *out, enum po_dim *dim, const struct kv *r)
{
    const char *dash = strchr(r->a, '-');
    int64_t lo, hi;
    if (dash) {
        if (po_int_parse(&lo, r->a, (size_t)(dash - r->a)) != PO_DEC_OK ||
            po_int_parse(&hi, dash + 1, strlen(dash + 1)) != PO_DEC_OK)
            return -1;
        *out = (lo + hi) * 5; /* the midpoint, × 10 */
    } else {
        if (po_int_parse(&lo, r->a, strlen(r->a)) != PO_DEC_OK)
            return -1;
        *out = lo * 10;
    }
    if (strcmp(r->b, "kJ/kg") == 0)
        *dim = PO_DIM_MASS;
    else if (strcmp(r->b, "kJ/m3") == 0)
        *dim = PO_DIM_VOLUME;
    else
        return -1;
    return 0;
}

struct co2_src {
    struct kv_ctx map, ef, lhv, grid;
};

static const char *const map_names[] = { "energy_type", "method",     "factor_id", "value",
                                         "heat_basis",  "confidence", NULL };
static const char *const ef_names[] = { "factor_id", "value", "unit", "source", NULL };
static const char *const lhv_names[] = { "energy_type", "low_heat_value", "low_heat_unit", NULL };
static const char *const grid_names[] = { "year",       "factor_id", "value", "source",
                                          "confidence", "why",       NULL };

static int bad_map(struct po_err *err, const char *type, const char *what)
{
    return po_err_set(err, PO_EINTERNAL, "emission_factor_map.csv：%s 的%s不可用",
                      "emission_factor_map.csv: %s: %s unusable", type, what);
}

static int add_fuel(struct po_co2_table *t, const struct co2_src *s, const struct kv *m,
                    struct po_err *err)
{
    const struct kv *ef = kv_find(&s->ef, m->b);
    const struct kv *lh = kv_find(&s->lhv, m->d);
    struct po_co2_factor f;
    memset(&f, 0, sizeof(f));
    if (!ef || strcmp(ef->b, "kgCO2/TJ") != 0 ||
        po_int_parse(&f.ef_kg_per_tj, ef->a, strlen(ef->a)) != PO_DEC_OK)
        return bad_map(err, m->key, "factor_id");
    if (!lh || lhv_dkj(&f.lhv_dkj, &f.dim, lh) < 0)
        return bad_map(err, m->key, "heat_basis");
    char src[512];
    snprintf(src, sizeof(src), "%s; heat value %s %s (%s)", ef->c, lh->a, lh->b, m->d);
    f.energy_type = m->key;
    f.method = PO_CO2_FUEL;
    f.kg_e10 = po_co2_fuel_kg_e10(f.lhv_dkj, f.ef_kg_per_tj);
    f.factor_id = m->b;
    f.why = "combustion";
    f.source = src;
    f.confidence = m->e;
    return po_co2_add(t, &f, err);
}

static int add_grid(struct po_co2_table *t, const struct co2_src *s, const struct kv *m,
                    struct po_err *err)
{
    if (s->grid.n == 0)
        return 0; /* no factor for the year: electricity CO2 is reported missing */
    const struct kv *g = &s->grid.rows[0];
    struct po_co2_factor f;
    memset(&f, 0, sizeof(f));
    if (po_dec_parse_scaled(&f.kg_e10, g->b, strlen(g->b), 10) != PO_DEC_OK)
        return po_err_set(err, PO_EINTERNAL, "grid_emission_factors.csv：%d 年的因子无效",
                          "grid_emission_factors.csv: factor of %d invalid", t->year);
    f.energy_type = m->key;
    f.dim = PO_DIM_ELECTRICITY;
    f.method = PO_CO2_GRID;
    f.factor_id = g->a;
    size_t idlen = strlen(g->a);
    f.factor_year = idlen > 4 ? int_of(g->a + idlen - 4) : -1; /* elec_cn_avg_2022 */
    f.why = g->e;
    f.source = g->c;
    f.confidence = g->d;
    return po_co2_add(t, &f, err);
}

/* heat (per MJ) and, with a heat basis, per kg of steam. */
static int add_heat(struct po_co2_table *t, const struct co2_src *s, const struct kv *m,
                    struct po_err *err)
{
    int64_t t_per_gj_micro;
    if (po_dec_parse(&t_per_gj_micro, m->c, strlen(m->c)) != PO_DEC_OK)
        return bad_map(err, m->key, "value");
    struct po_co2_factor f;
    memset(&f, 0, sizeof(f));
    f.energy_type = m->key;
    f.method = PO_CO2_HEAT;
    f.ef_kg_per_tj = t_per_gj_micro;   /* t/GJ × 10^6 = kg/TJ */
    f.kg_e10 = f.ef_kg_per_tj * 10000; /* kg/TJ → kg per MJ × 10^10 */
    f.dim = PO_DIM_HEAT;
    f.why = "purchased heat";
    f.source = "emission_factor_map.csv";
    f.confidence = m->e;
    int rc = po_co2_add(t, &f, err);
    if (rc < 0 || !*m->d)
        return rc;
    const struct kv *lh = kv_find(&s->lhv, m->d);
    if (!lh || lhv_dkj(&f.lhv_dkj, &f.dim, lh) < 0)
        return bad_map(err, m->key, "heat_basis");
    f.kg_e10 = po_co2_fuel_kg_e10(f.lhv_dkj, f.ef_kg_per_tj);
    return po_co2_add(t, &f, err);
}

static int add_zero(struct po_co2_table *t, const struct kv *m, struct po_err *err)
{
    struct po_co2_factor f;
    memset(&f, 0, sizeof(f));
    f.energy_type = m->key;
    f.dim = PO_DIM_ELECTRICITY;
    f.method = PO_CO2_ZERO;
    f.why = "green-certificate renewable electricity";
    f.source = "emission_factor_map.csv";
    f.confidence = m->e;
    return po_co2_add(t, &f, err);
}

int po_account_co2_load(struct po_co2_table *t, struct po_err *err)
{
    struct co2_src s;
    int rc = kv_load(&s.map, "data/emission_factor_map.csv", "emission_factor_map.csv", map_names,
                     t->a, err);
    if (rc == 0)
        rc = kv_load(&s.ef, "data/emission_factors.csv", "emission_factors.csv", ef_names, t->a,
                     err);
    if (rc == 0)
        rc = kv_load(&s.lhv, "data/energy_conversion_coefficients.csv",
                     "energy_conversion_coefficients.csv", lhv_names, t->a, err);
    if (rc == 0) {
        memset(&s.grid, 0, sizeof(s.grid));
        s.grid.c.file = "grid_emission_factors.csv";
        s.grid.c.names = grid_names;
        s.grid.ar = t->a;
        s.grid.year_filter = t->year;
        rc = po_ref_parse("data/grid_emission_factors.csv", kv_row, &s.grid, err);
    }
    for (size_t i = 0; rc == 0 && i < s.map.n; i++) {
        const struct kv *m = &s.map.rows[i];
        if (strcmp(m->a, "fuel") == 0)
            rc = add_fuel(t, &s, m, err);
        else if (strcmp(m->a, "grid") == 0)
            rc = add_grid(t, &s, m, err);
        else if (strcmp(m->a, "heat") == 0)
            rc = add_heat(t, &s, m, err);
        else if (strcmp(m->a, "zero") == 0)
            rc = add_zero(t, m, err);
        else
            rc = bad_map(err, m->key, "method");
    }
    return rc;
}

/* ---- everything ---- */

int po_account_refs_load(struct po_acct_refs *out, int year, struct po_arena *a, struct po_err *err)
{
    po_coef_table_init(&out->coef, a);
    po_policy_table_init(&out->policy, a);
    po_quota_tables_init(&out->quota, a);
    po_co2_table_init(&out->co2, year, a);
    int rc = po_coefdata_default(&out->coef, err);
    if (rc == 0)
        rc = po_account_policy_load(&out->policy, err);
    if (rc == 0)
        rc = po_account_quota_load(&out->quota, err);
    if (rc == 0)
        rc = po_account_co2_load(&out->co2, err);
    return rc;
}

/* ---- default targets ---- */

static const char *const target_cols[] = {
    "district_code",  "year",
    "base_year",      "intensity_reduction_pct",
    "energy_cap_tce", "co2_intensity_reduction_pct",
    "co2_cap_t",      "note",
    "source",         NULL,
};

struct target_ctx {
    struct cols c;
    struct po_target *rows;
    size_t n, cap;
    struct po_arena *a;
};

static int opt_of(struct po_opt *o, const char *s)
{
    o->set = *s != '\0';
    o->micro = 0;
    return o->set && po_dec_parse(&o->micro, s, strlen(s)) != PO_DEC_OK ? -1 : 0;
}

static int target_row(void *vctx, size_t rowno, char **f, size_t n, struct po_err *err)
{
    struct target_ctx *x = vctx;
    if (rowno == 0)
        return header(&x->c, f, n, err);
    if (po_acct_grow((void **)&x->rows, &x->cap, x->n, sizeof(*x->rows), x->a) < 0)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    struct po_target *t = &x->rows[x->n++];
    memset(t, 0, sizeof(*t));
    t->district_code = po_arena_strdup(x->a, col(&x->c, f, n, 0));
    t->year = int_of(col(&x->c, f, n, 1));
    t->base_year = int_of(col(&x->c, f, n, 2));
    t->note = po_arena_strdup(x->a, col(&x->c, f, n, 7));
    t->source = po_arena_strdup(x->a, col(&x->c, f, n, 8));
    if (!t->district_code || !t->note || !t->source)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    if (t->year < 1990 || t->base_year < 1990 || t->base_year >= t->year ||
        opt_of(&t->intensity_pct, col(&x->c, f, n, 3)) < 0 ||
        opt_of(&t->energy_cap_tce, col(&x->c, f, n, 4)) < 0 ||
        opt_of(&t->co2_intensity_pct, col(&x->c, f, n, 5)) < 0 ||
        opt_of(&t->co2_cap_t, col(&x->c, f, n, 6)) < 0) {
        po_err_set(err, PO_EINTERNAL, "目标行无效", "invalid target row");
        return row_error(err, x->c.file, rowno);
    }
    return 0;
}

int po_account_targets_default(struct po_target **out, size_t *n, struct po_arena *a,
                               struct po_err *err)
{
    struct target_ctx x = { { "dual_control_targets.csv", target_cols, { 0 } }, NULL, 0, 0, a };
    int rc = po_ref_parse("data/dual_control_targets.csv", target_row, &x, err);
    if (rc < 0)
        return rc;
    *out = x.rows;
    *n = x.n;
    return 0;
}

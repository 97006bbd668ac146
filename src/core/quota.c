/*
 * quota.c: unit-product consumption, attribution and exact comparison.
 *
 * The tables are small (a hundred rows), so the version lookup scans them;
 * the matching keys are the reference files' own strings, held in the
 * mapping file, so a renamed row in energy_quota_standards.csv shows up as
 * "no standard in force" (and in the data test), never as a wrong match.
 */
#include "core/quota.h"
#include "core/account_grow.h"
#include "core/decimal.h"
#include "core/units.h"
#include "util/arena.h"

#include <stdlib.h>
#include <string.h>

void po_quota_tables_init(struct po_quota_tables *t, struct po_arena *a)
{
    memset(t, 0, sizeof(*t));
    t->a = a;
}

static int nomem(struct po_err *err)
{
    return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
}

static int opt(struct po_opt *o, const char *s, const char *what, struct po_err *err)
{
    o->set = false;
    o->micro = 0;
    if (!*s)
        return 0;
    if (po_dec_parse(&o->micro, s, strlen(s)) != PO_DEC_OK)
        return po_err_set(err, PO_EINVAL, "%s 的数值“%s”无效", "%s: invalid figure \"%s\"", what,
                          s);
    o->set = true;
    return 0;
}

static const char *dup(struct po_arena *a, const char *s, bool *failed)
{
    char *d = po_arena_strdup(a, s ? s : "");
    if (!d)
        *failed = true;
    return d;
}

int po_quota_add_std(struct po_quota_tables *t, const char *standard, const char *effective,
                     const char *product, const char *variant, const char *indicator,
                     const char *limit_existing, const char *limit_new, const char *advanced,
                     const char *unit, const char *source, const char *confidence,
                     struct po_err *err)
{
    struct po_quota_std s;
    memset(&s, 0, sizeof(s));
    if (po_date_parse(&s.effective, effective, strlen(effective)) < 0)
        return 0; /* "(superseded)": in force in no year we can name */
    int rc = opt(&s.limit_existing, limit_existing, standard, err);
    if (rc == 0)
        rc = opt(&s.limit_new, limit_new, standard, err);
    if (rc == 0)
        rc = opt(&s.advanced, advanced, standard, err);
    if (rc < 0)
        return rc;
    if (po_acct_grow((void **)&t->std, &t->capstd, t->nstd, sizeof(s), t->a) < 0)
        return nomem(err);
    bool failed = false;
    s.standard = dup(t->a, standard, &failed);
    s.product = dup(t->a, product, &failed);
    s.variant = dup(t->a, variant, &failed);
    s.indicator = dup(t->a, indicator, &failed);
    s.unit = dup(t->a, unit, &failed);
    s.source = dup(t->a, source, &failed);
    s.confidence = dup(t->a, confidence, &failed);
    if (failed)
        return nomem(err);
    t->std[t->nstd++] = s;
    return 0;
}

int po_quota_add_bench(struct po_quota_tables *t, const char *edition, const char *product,
                       const char *indicator, const char *benchmark, const char *baseline,
                       const char *unit, const char *source, const char *confidence,
                       struct po_err *err)
{
    struct po_bench_level b;
    memset(&b, 0, sizeof(b));
    int64_t y;
    if (strlen(edition) < 4 || po_int_parse(&y, edition, 4) != PO_DEC_OK)
        return po_err_set(err, PO_EINVAL, "能效水平版本“%s”应以年份开头",
                          "efficiency level edition \"%s\" must start with its year", edition);
    b.edition_year = (int)y;
    int rc = opt(&b.benchmark, benchmark, edition, err);
    if (rc == 0)
        rc = opt(&b.baseline, baseline, edition, err);
    if (rc < 0)
        return rc;
    if (po_acct_grow((void **)&t->bench, &t->capbench, t->nbench, sizeof(b), t->a) < 0)
        return nomem(err);
    bool failed = false;
    b.edition = dup(t->a, edition, &failed);
    b.product = dup(t->a, product, &failed);
    b.indicator = dup(t->a, indicator, &failed);
    b.unit = dup(t->a, unit, &failed);
    b.source = dup(t->a, source, &failed);
    b.confidence = dup(t->a, confidence, &failed);
    if (failed)
        return nomem(err);
    t->bench[t->nbench++] = b;
    return 0;
}

int po_quota_add_map(struct po_quota_tables *t, const struct po_product_quota *m,
                     struct po_err *err)
{
    if (!m->product || !*m->product || !m->standard || !*m->standard)
        return po_err_set(err, PO_EINVAL, "产品限额映射缺少产品或标准",
                          "product quota mapping lacks product or standard");
    if (po_acct_grow((void **)&t->map, &t->capmap, t->nmap, sizeof(*m), t->a) < 0)
        return nomem(err);
    struct po_product_quota c = *m;
    bool failed = false;
    c.product = dup(t->a, m->product, &failed);
    c.name_zh = dup(t->a, m->name_zh, &failed);
    c.standard = dup(t->a, m->standard, &failed);
    c.quota_product = dup(t->a, m->quota_product, &failed);
    c.quota_variant = dup(t->a, m->quota_variant, &failed);
    c.quota_indicator = dup(t->a, m->quota_indicator, &failed);
    c.bench_product = dup(t->a, m->bench_product, &failed);
    c.bench_indicator = dup(t->a, m->bench_indicator, &failed);
    c.note = dup(t->a, m->note, &failed);
    c.source = dup(t->a, m->source, &failed);
    c.confidence = dup(t->a, m->confidence, &failed);
    if (failed)
        return nomem(err);
    t->map[t->nmap++] = c;
    return 0;
}

/* "GB 21343-2023" belongs to the family "GB 21343". */
static bool in_family(const char *standard, const char *family)
{
    size_t n = strlen(family);
    return strncmp(standard, family, n) == 0 && standard[n] == '-';
}

const struct po_quota_std *po_quota_std_for(const struct po_quota_tables *t,
                                            const struct po_product_quota *m, int year)
{
    struct po_date on = { year, 12, 31 };
    const struct po_quota_std *best = NULL;
    for (size_t i = 0; i < t->nstd; i++) {
        const struct po_quota_std *s = &t->std[i];
        if (!in_family(s->standard, m->standard) || strcmp(s->product, m->quota_product) != 0 ||
            strcmp(s->variant, m->quota_variant) != 0 ||
            strcmp(s->indicator, m->quota_indicator) != 0 || po_date_cmp(s->effective, on) > 0)
            continue;
        if (!best || po_date_cmp(s->effective, best->effective) > 0)
            best = s;
    }
    return best;
}

const struct po_bench_level *po_quota_bench_for(const struct po_quota_tables *t,
                                                const struct po_product_quota *m, int year)
{
    const struct po_bench_level *best = NULL;
    if (!*m->bench_product)
        return NULL;
    for (size_t i = 0; i < t->nbench; i++) {
        const struct po_bench_level *b = &t->bench[i];
        if (b->edition_year > year || (!b->benchmark.set && !b->baseline.set) ||
            strcmp(b->product, m->bench_product) != 0 ||
            strcmp(b->indicator, m->bench_indicator) != 0)
            continue;
        if (!best || b->edition_year > best->edition_year)
            best = b;
    }
    return best;
}

int po_quota_cmp(po_acct_i128 num, po_acct_i128 den, struct po_opt limit)
{
    if (!limit.set)
        return 2;
    po_acct_i128 l = num * 1000000, r = (po_acct_i128)limit.micro * den;
    return l < r ? -1 : l > r;
}

/* ---- attribution ---- */

static size_t products_with_output(const struct po_acct_input *in, const char **only)
{
    size_t n = 0;
    for (size_t i = 0; i < in->nout; i++) {
        if (in->out[i].quantity_micro <= 0)
            continue;
        bool seen = false;
        for (size_t j = 0; j < i; j++)
            seen = seen || (in->out[j].quantity_micro > 0 &&
                            strcmp(in->out[j].product, in->out[i].product) == 0);
        if (!seen) {
            n++;
            *only = in->out[i].product;
        }
    }
    return n;
}

static bool has_output(const struct po_acct_input *in, const char *product)
{
    for (size_t i = 0; i < in->nout; i++)
        if (in->out[i].quantity_micro > 0 && strcmp(in->out[i].product, product) == 0)
            return true;
    return false;
}

static bool attributed(const struct po_acct_record *r, const char *product, bool single)
{
    return strcmp(r->product, product) == 0 || (single && !*r->product);
}

static bool is_elec(const char *type)
{
    return strcmp(type, "electricity") == 0 || strcmp(type, "renewable_electricity") == 0;
}

/* Sum what the indicator counts; false on overflow. */
static bool consumption(struct po_quota_result *q, const struct po_acct_result *acct,
                        const char *product, bool single)
{
    for (size_t i = 0; i < acct->nlines; i++) {
        const struct po_acct_line *l = &acct->lines[i];
        const struct po_acct_record *r = l->rec;
        if (l->status != PO_REC_COUNTED || !attributed(r, product, single))
            continue;
        po_acct_i128 v;
        if (q->map->scope == PO_QUOTA_ELECTRICITY) {
            if (!is_elec(r->energy_type))
                continue;
            const struct po_unit *u = po_unit_find(r->unit, strlen(r->unit));
            v = (po_acct_i128)r->quantity_micro * u->base_mult; /* kWh × 10^6 */
        } else {
            if (r->purpose == PO_PURPOSE_FEEDSTOCK && !q->map->feedstock_in_quota)
                continue;
            v = po_coef_apply(l->coef, r->quantity_micro); /* the table's equivalent value */
        }
        if (__builtin_add_overflow(q->num, v, &q->num))
            return false;
        q->nrecords++;
    }
    return true;
}

static enum po_quota_verdict verdict(const struct po_quota_result *q)
{
    if (!q->std)
        return PO_QV_NO_STANDARD;
    if (q->nrecords == 0)
        return PO_QV_NO_ENERGY;
    if (q->cmp_limit_existing == 1)
        return PO_QV_OVER_LIMIT;
    if (q->cmp_advanced <= 0)
        return PO_QV_ADVANCED;
    if (q->cmp_limit_new <= 0)
        return PO_QV_MEETS_NEW;
    return PO_QV_MEETS_LIMIT;
}

static void compare(struct po_quota_result *q, const struct po_quota_tables *t, int year)
{
    q->std = po_quota_std_for(t, q->map, year);
    if (q->std) {
        q->std_new_in_year = q->std->effective.y == year;
        q->cmp_limit_existing = po_quota_cmp(q->num, q->den, q->std->limit_existing);
        q->cmp_limit_new = po_quota_cmp(q->num, q->den, q->std->limit_new);
        q->cmp_advanced = po_quota_cmp(q->num, q->den, q->std->advanced);
    }
    q->verdict = verdict(q);
    q->bench = po_quota_bench_for(t, q->map, year);
    if (q->bench && q->nrecords) {
        q->cmp_benchmark = po_quota_cmp(q->num, q->den, q->bench->benchmark);
        q->cmp_baseline = po_quota_cmp(q->num, q->den, q->bench->baseline);
        if (q->cmp_baseline == 1)
            q->bench_verdict = PO_BV_BELOW_BASELINE;
        else if (q->cmp_benchmark != 2 && q->cmp_benchmark <= 0)
            q->bench_verdict = PO_BV_BENCHMARK;
        else
            q->bench_verdict = PO_BV_BETWEEN;
    }
}

static int64_t output_of(const struct po_acct_input *in, const char *product)
{
    int64_t s = 0;
    for (size_t i = 0; i < in->nout; i++)
        if (strcmp(in->out[i].product, product) == 0 && in->out[i].quantity_micro > 0)
            s += in->out[i].quantity_micro;
    return s;
}

int po_quota_enterprise(struct po_quota_report *out, const struct po_acct_input *in,
                        const struct po_acct_result *acct, const struct po_quota_tables *t,
                        struct po_arena *a, struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    const char *only = NULL;
    bool single = products_with_output(in, &only) == 1;
    for (size_t i = 0; i < acct->nlines; i++) {
        const struct po_acct_record *r = acct->lines[i].rec;
        if (acct->lines[i].status != PO_REC_COUNTED)
            continue;
        if (!*r->product && !single)
            out->untagged_unattributed++;
        else if (*r->product && !has_output(in, r->product))
            out->tagged_no_output++;
    }
    out->res = po_arena_calloc(a, t->nmap ? t->nmap : 1, sizeof(*out->res));
    if (!out->res)
        return nomem(err);
    for (size_t m = 0; m < t->nmap; m++) {
        const struct po_product_quota *map = &t->map[m];
        int64_t q_out = output_of(in, map->product);
        if (q_out <= 0)
            continue;
        struct po_quota_result *q = &out->res[out->nres++];
        q->map = map;
        q->output_micro = q_out;
        if (!consumption(q, acct, map->product, single))
            return po_err_set(err, PO_EINVAL, "数值过大，超出精确计算范围",
                              "figures too large for exact arithmetic");
        /* kgce/t = tce_e15 / (t_micro × 10^6); kWh/t = kWh_micro / t_micro */
        q->den = map->scope == PO_QUOTA_ELECTRICITY ? (po_acct_i128)q_out
                                                    : (po_acct_i128)q_out * 1000000;
        q->value_e2 = (int64_t)po_acct_div_round(q->num * 100, q->den);
        compare(q, t, in->year);
    }
    return 0;
}

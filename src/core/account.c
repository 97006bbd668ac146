/*
 * account.c: one enterprise's energy account.
 *
 * Three passes over the records, all linear or nearly: (1) mark double
 * counts — metered beside reported, monthly beside whole-year — by
 * comparing slots, (2) convert and classify each record, (3) sum.  The
 * double-count pass is quadratic in the records of one enterprise-year,
 * which are a few hundred at most (types × months × purposes × products),
 * and keeps the rule readable; the city-wide work is linear in enterprises.
 */
#include "core/account.h"
#include "core/units.h"
#include "util/arena.h"

#include <stdlib.h>
#include <string.h>

__extension__ typedef unsigned __int128 u128;

static int overflow(struct po_err *err)
{
    return po_err_set(err, PO_EINVAL, "数值过大，超出精确计算范围",
                      "figures too large for exact arithmetic");
}

static bool add128(po_acct_i128 *acc, po_acct_i128 v)
{
    return !__builtin_add_overflow(*acc, v, acc);
}

/* Same slot: type, purpose, product (and month when monthly). */
static bool same_slot(const struct po_acct_record *a, const struct po_acct_record *b)
{
    return a->purpose == b->purpose && strcmp(a->energy_type, b->energy_type) == 0 &&
           strcmp(a->product, b->product) == 0;
}

static enum po_rec_status superseded(const struct po_acct_input *in, size_t i)
{
    const struct po_acct_record *r = &in->rec[i];
    for (size_t j = 0; j < in->nrec; j++) {
        const struct po_acct_record *o = &in->rec[j];
        if (j == i || !same_slot(r, o))
            continue;
        /* a whole-year figure is the authoritative one for its source */
        if (r->month != 0 && o->month == 0 && r->metered == o->metered)
            return PO_REC_SUPERSEDED_MONTHLY;
        if (r->metered && !o->metered && (r->month == 0 || o->month == 0 || o->month == r->month))
            return PO_REC_SUPERSEDED_METERED;
    }
    return PO_REC_COUNTED;
}

static bool is_electricity(const char *type)
{
    return strcmp(type, "electricity") == 0;
}

static bool is_renewable(const char *type)
{
    return strcmp(type, "renewable_electricity") == 0;
}

static void exclusion(struct po_acct_line *l, const struct po_acct_policy *p)
{
    const struct po_acct_record *r = l->rec;
    if (r->purpose == PO_PURPOSE_FEEDSTOCK && p->feedstock) {
        l->excluded = p->feedstock;
        l->excl_rule = p->rule[PO_RULE_FEEDSTOCK];
    } else if (is_renewable(r->energy_type) && p->renewable) {
        l->excluded = p->renewable;
        l->excl_rule = p->rule[PO_RULE_RENEWABLE];
    }
}

static void co2_of(struct po_acct_line *l, const struct po_unit *u, const struct po_co2_table *t)
{
    const struct po_acct_record *r = l->rec;
    const struct po_co2_factor *f = t ? po_co2_find(t, r->energy_type, u->dim) : NULL;
    bool indirect =
        f && (f->method == PO_CO2_GRID || f->method == PO_CO2_ZERO || f->method == PO_CO2_HEAT);
    if (r->purpose == PO_PURPOSE_FEEDSTOCK && !indirect) {
        l->co2_status = PO_CO2_NOT_COMBUSTION;
        return;
    }
    if (!f) {
        l->co2_status = PO_CO2_NO_FACTOR;
        return;
    }
    l->co2_status = PO_CO2_COUNTED;
    l->co2f = f;
    /* quantity × base units per unit × kg_e10: kg × 10^16 */
    l->co2_e16 = (po_acct_i128)r->quantity_micro * u->base_mult * f->kg_e10;
}

static int line_of(struct po_acct_line *l, const struct po_acct_record *r, enum po_rec_status st,
                   const struct po_acct_ctx *ctx, struct po_err *err)
{
    memset(l, 0, sizeof(*l));
    l->rec = r;
    l->status = st;
    l->co2_status = PO_CO2_NOT_COUNTED;
    const struct po_unit *u = po_unit_find(r->unit, strlen(r->unit));
    if (!u)
        return po_err_set(err, PO_EINVAL, "未知的计量单位“%s”", "unknown unit \"%s\"", r->unit);
    l->coef =
        po_coef_find(ctx->coef, r->energy_type, strlen(r->energy_type), r->unit, strlen(r->unit));
    if (!l->coef) {
        if (l->status == PO_REC_COUNTED)
            l->status = PO_REC_UNKNOWN_FACTOR;
        return 0;
    }
    l->tce_e9_per_unit = l->coef->tce_e9;
    const struct po_acct_policy *p = ctx->policy;
    if (p->equal_value && is_electricity(r->energy_type)) {
        l->tce_e9_per_unit = p->equal->gce_milli * u->base_mult; /* tce_e9 per kWh × kWh per unit */
        l->equal_value = true;
    }
    if (l->status != PO_REC_COUNTED)
        return 0;
    l->tce_e15 = (po_acct_i128)l->tce_e9_per_unit * r->quantity_micro;
    exclusion(l, p);
    co2_of(l, u, ctx->co2);
    return 0;
}

static struct po_acct_sum *type_sum(struct po_acct_result *out, const char *type)
{
    for (size_t i = 0; i < out->ntypes; i++)
        if (strcmp(out->by_type[i].key, type) == 0)
            return &out->by_type[i];
    struct po_acct_sum *s = &out->by_type[out->ntypes++];
    s->key = type;
    return s;
}

static bool sum_add(struct po_acct_sum *s, const struct po_acct_line *l)
{
    s->records++;
    bool ok = add128(&s->gross_e15, l->tce_e15);
    if (!(l->excluded & PO_EXCL_TOTAL))
        ok = ok && add128(&s->total_e15, l->tce_e15);
    return ok;
}

static int sum_line(struct po_acct_result *out, const struct po_acct_line *l)
{
    const struct po_acct_record *r = l->rec;
    bool ok = add128(&out->gross_e15, l->tce_e15);
    if (!(l->excluded & PO_EXCL_TOTAL))
        ok = ok && add128(&out->total_e15, l->tce_e15);
    if (!(l->excluded & PO_EXCL_INTENSITY))
        ok = ok && add128(&out->intensity_e15, l->tce_e15);
    ok = ok && sum_add(type_sum(out, r->energy_type), l);
    ok = ok && sum_add(&out->by_purpose[r->purpose], l);
    ok = ok && sum_add(&out->by_month[r->month], l);
    if (l->co2_status == PO_CO2_COUNTED)
        ok = ok && add128(&out->co2_e16, l->co2_e16);
    else if (l->co2_status == PO_CO2_NO_FACTOR)
        out->nco2_missing++;
    if (r->month)
        out->monthly = true;
    if (l->excluded)
        out->nexcluded++;
    if (l->equal_value)
        out->notes |= PO_NOTE_EQUAL_VALUE;
    if (strcmp(l->coef->confidence, "low") == 0 ||
        (l->excl_rule && strcmp(l->excl_rule->confidence, "low") == 0))
        out->notes |= PO_NOTE_LOW_CONFIDENCE;
    if (l->co2f && strcmp(l->co2f->confidence, "low") == 0)
        out->notes |= PO_NOTE_LOW_CONFIDENCE_CO2;
    return ok ? 0 : -1;
}

static int cmp_sum(const void *a, const void *b)
{
    return strcmp(((const struct po_acct_sum *)a)->key, ((const struct po_acct_sum *)b)->key);
}

/* Value added and the two intensities. */
static void ratios(struct po_acct_result *out, const struct po_acct_input *in)
{
    if (!in->has_value_added) {
        out->va = PO_VA_MISSING;
        out->notes |= PO_NOTE_VA_MISSING;
        return;
    }
    out->value_added_micro = in->value_added_micro;
    if (in->value_added_micro <= 0) {
        out->va = in->value_added_micro == 0 ? PO_VA_ZERO : PO_VA_NEGATIVE;
        out->notes |= in->value_added_micro == 0 ? PO_NOTE_VA_ZERO : PO_NOTE_VA_NEGATIVE;
        return;
    }
    out->va = PO_VA_OK;
    if (out->notes & PO_NOTE_NO_ENERGY)
        return;
    /* T_e15 / (V_micro × 10^3) = tce per 10k yuan × 10^6 */
    po_acct_i128 den = (po_acct_i128)in->value_added_micro * 1000;
    out->intensity_defined = true;
    out->intensity_e6 = (int64_t)po_acct_div_round(out->intensity_e15, den);
    if (out->nco2_missing == 0 && out->co2_e16 >= 0) {
        /* kg × 10^16 / (V_micro × 10^7) = t per 10k yuan × 10^6 */
        out->carbon_intensity_defined = true;
        out->carbon_intensity_e6 = (int64_t)po_acct_div_round(
            out->co2_e16, (po_acct_i128)in->value_added_micro * 10000000);
    }
}

int po_account_enterprise(struct po_acct_result *out, const struct po_acct_input *in,
                          const struct po_acct_ctx *ctx, struct po_arena *a, struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    if (ctx->policy->low_confidence)
        out->notes |= PO_NOTE_LOW_CONFIDENCE;
    out->lines = po_arena_calloc(a, in->nrec ? in->nrec : 1, sizeof(*out->lines));
    out->by_type = po_arena_calloc(a, in->nrec ? in->nrec : 1, sizeof(*out->by_type));
    if (!out->lines || !out->by_type)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    out->nlines = in->nrec;
    if (in->nrec == 0)
        out->notes |= PO_NOTE_NO_ENERGY;
    for (size_t i = 0; i < in->nrec; i++) {
        const struct po_acct_record *r = &in->rec[i];
        if (r->month < 0 || r->month > 12 || r->quantity_micro < 0 ||
            (r->purpose != PO_PURPOSE_FUEL && r->purpose != PO_PURPOSE_FEEDSTOCK))
            return po_err_set(err, PO_EINVAL, "能源记录 %zu 无效（月份、数量或用途）",
                              "energy record %zu is invalid (month, quantity or purpose)", i + 1);
        struct po_acct_line *l = &out->lines[i];
        int rc = line_of(l, r, superseded(in, i), ctx, err);
        if (rc < 0)
            return rc;
        if (l->status == PO_REC_UNKNOWN_FACTOR) {
            out->nunknown++;
            out->notes |= PO_NOTE_UNKNOWN_FACTOR;
        } else if (l->status != PO_REC_COUNTED) {
            out->nsuperseded++;
            out->notes |= PO_NOTE_SUPERSEDED;
        } else if (sum_line(out, l) < 0) {
            return overflow(err);
        }
    }
    out->excl_total_e15 = out->gross_e15 - out->total_e15;
    out->excl_intensity_e15 = out->gross_e15 - out->intensity_e15;
    if (out->nexcluded)
        out->notes |= PO_NOTE_EXCLUDED;
    if (out->nco2_missing)
        out->notes |= PO_NOTE_CO2_INCOMPLETE;
    if (out->ntypes > 1)
        qsort(out->by_type, out->ntypes, sizeof(*out->by_type), cmp_sum);
    out->by_purpose[PO_PURPOSE_FUEL].key = "fuel";
    out->by_purpose[PO_PURPOSE_FEEDSTOCK].key = "feedstock";
    ratios(out, in);
    return 0;
}

po_acct_i128 po_acct_div_round(po_acct_i128 num, po_acct_i128 den)
{
    po_acct_i128 q = num / den, r = num % den;
    po_acct_i128 ar = r < 0 ? -r : r;
    if (2 * ar >= den)
        q += num < 0 ? -1 : 1;
    return q;
}

int64_t po_acct_round_tce_e4(po_acct_i128 tce_e15)
{
    return (int64_t)po_acct_div_round(tce_e15, (po_acct_i128)100000000000LL);
}

int64_t po_acct_round_co2_t_e3(po_acct_i128 co2_e16)
{
    /* kg × 10^16 → t × 10^3: divide by 10^16 × 10^3 / 10^3 = 10^16 */
    return (int64_t)po_acct_div_round(co2_e16, (po_acct_i128)10000000000000000LL);
}

char *po_acct_fmt(char *buf, size_t n, po_acct_i128 v, int scale)
{
    char digits[48];
    size_t k = 0;
    bool neg = v < 0;
    u128 u = neg ? (u128)(-(v + 1)) + 1 : (u128)v;
    do {
        digits[k++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u && k < sizeof(digits));
    while (k <= (size_t)scale && k < sizeof(digits))
        digits[k++] = '0';
    size_t o = 0;
    if (neg && o + 1 < n)
        buf[o++] = '-';
    while (k > 0 && o + 2 < n) {
        buf[o++] = digits[--k];
        if (scale > 0 && k == (size_t)scale)
            buf[o++] = '.';
    }
    buf[o] = '\0';
    return buf;
}

/*
 * surcharge.c: the month's surcharges of one enterprise, day by day (surcharge.h).
 *
 * Days, not the month, are the unit: a rule that starts or ends within the month, or a category
 * that changes, simply gives some days to one rule and the rest to another, and the pro rata
 * share falls out as days_applicable / days_in_month.  Money is rounded once, at the end of a
 * row, so the rows of a statement add up to what each row says and nothing else is rounded.
 */
#include "core/surcharge.h"

#include <string.h>

#include "core/deadline.h"
#include "core/decimal.h"

__extension__ typedef __int128 i128;

static const struct {
    enum po_sc_kind kind;
    const char *tag, *zh;
} kinds[] = {
    { PO_SC_ELIMINATED, "eliminated", "淘汰类差别电价" },
    { PO_SC_RESTRICTED, "restricted", "限制类差别电价" },
    { PO_SC_PUNITIVE, "punitive_band", "超能耗限额惩罚性电价" },
    { PO_SC_TIERED, "tiered_step", "阶梯电价" },
    { PO_SC_WATER_BAND, "water_band", "超定额累进加价水价" },
};

const char *po_sc_kind_tag(enum po_sc_kind k)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (kinds[i].kind == k)
            return kinds[i].tag;
    return "?";
}

const char *po_sc_kind_zh(enum po_sc_kind k)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (kinds[i].kind == k)
            return kinds[i].zh;
    return "?";
}

int po_sc_kind_parse(enum po_sc_kind *out, const char *s)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].tag, s) == 0) {
            *out = kinds[i].kind;
            return 0;
        }
    return -1;
}

const char *po_sc_family_tag(enum po_sc_family f)
{
    switch (f) {
    case PO_SC_F_DIFFERENTIAL:
        return "differential";
    case PO_SC_F_PUNITIVE:
        return "punitive";
    case PO_SC_F_TIERED:
        return "tiered";
    case PO_SC_NFAMILY:
        break;
    }
    return "?";
}

bool po_sc_rule_in_force(const struct po_sc_rule *r, struct po_date d)
{
    if (po_date_cmp(d, r->from) < 0)
        return false;
    return r->to.y == 0 || po_date_cmp(d, r->to) <= 0;
}

bool po_sc_in_band(const struct po_sc_rule *r, int64_t v)
{
    if (r->has_lower && (r->lower_incl ? v < r->lower_micro : v <= r->lower_micro))
        return false;
    if (r->has_upper && (r->upper_incl ? v > r->upper_micro : v >= r->upper_micro))
        return false;
    return true;
}

int64_t po_sc_amount(int64_t a_micro, int64_t b_micro, int64_t num, int64_t den)
{
    /* a × b is yuan × 10^12; / 10^10 gives cents.  Half up on the absolute value. */
    i128 n = (i128)a_micro * b_micro * num;
    i128 d = (i128)den * 10000000000LL;
    bool neg = n < 0;
    if (neg)
        n = -n;
    i128 q = (n + d / 2) / d;
    return (int64_t)(neg ? -q : q) * 10000;
}

bool po_sc_has_tag(const char *list, const char *tag)
{
    if (!list || !tag || !*tag)
        return false;
    size_t n = strlen(tag);
    for (const char *p = list; *p;) {
        const char *e = strchr(p, '|');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && memcmp(p, tag, n) == 0)
            return true;
        if (!e)
            break;
        p = e + 1;
    }
    return false;
}

/* Position of the rule's jurisdiction in the enterprise's list (narrower = higher), or -1. */
static int jur_rank(const struct po_sc_rule *r, const char *const *jur, size_t njur)
{
    for (size_t i = 0; i < njur; i++)
        if (strcmp(r->jurisdiction, jur[i]) == 0)
            return (int)i;
    return -1;
}

static bool kind_fits(const struct po_sc_rule *r, enum po_sc_family f, int64_t v)
{
    switch (f) {
    case PO_SC_F_DIFFERENTIAL:
        return (v == PO_SC_CAT_ELIMINATED && r->kind == PO_SC_ELIMINATED) ||
               (v == PO_SC_CAT_RESTRICTED && r->kind == PO_SC_RESTRICTED);
    case PO_SC_F_PUNITIVE:
        return r->kind == PO_SC_PUNITIVE && v > 0 && po_sc_in_band(r, v);
    case PO_SC_F_TIERED:
        return r->kind == PO_SC_TIERED && po_sc_in_band(r, v);
    case PO_SC_NFAMILY:
        break;
    }
    return false;
}

static const struct po_sc_rule *pick(const struct po_sc_rule *rules, size_t nrules,
                                     enum po_sc_family f, const struct po_sc_fact *fact,
                                     struct po_date day, const struct po_sc_input *in)
{
    const struct po_sc_rule *best = NULL;
    int best_rank = -1;
    for (size_t i = 0; i < nrules; i++) {
        const struct po_sc_rule *r = &rules[i];
        if (r->utility != PO_SC_ELECTRICITY || !kind_fits(r, f, fact->value_micro) ||
            !po_sc_has_tag(r->sectors, fact->sector) || !po_sc_rule_in_force(r, day))
            continue;
        int rank = jur_rank(r, in->jurisdictions, in->njur);
        if (rank < 0)
            continue;
        if (!best || rank > best_rank ||
            (rank == best_rank && po_date_cmp(r->from, best->from) > 0)) {
            best = r;
            best_rank = rank;
        }
    }
    return best;
}

static struct po_sc_row *row_for(struct po_sc_row *out, size_t *n, size_t cap,
                                 enum po_sc_family f, const struct po_sc_rule *r, int dim)
{
    for (size_t i = 0; i < *n; i++)
        if (out[i].family == f && out[i].rule == r)
            return &out[i];
    if (*n >= cap)
        return NULL;
    struct po_sc_row *row = &out[(*n)++];
    memset(row, 0, sizeof *row);
    row->family = f;
    row->rule = r;
    row->days_in_month = dim;
    row->reason_en = row->reason_zh = "";
    return row;
}

static void finish(struct po_sc_row *row, const struct po_sc_input *in)
{
    const struct po_sc_rule *r = row->rule;
    row->quantity_micro = in->has_kwh ? in->kwh_micro : 0;
    if (!r) {
        row->status = PO_SC_CANNOT;
        return; /* the reason was set from the fact */
    }
    row->low_confidence = strcmp(r->confidence, "low") == 0;
    row->rate_micro = r->rate_micro;
    if (r->kind == PO_SC_TIERED && r->step_micro > 0 && r->has_lower) {
        int64_t over = row->basis_micro - r->lower_micro;
        row->steps = (over + r->step_micro - 1) / r->step_micro;
        row->rate_micro = r->rate_micro * row->steps;
    }
    if (!in->has_kwh) {
        row->status = PO_SC_CANNOT;
        row->reason_en = "cannot compute: kWh not recorded";
        row->reason_zh = "无法计算：用电量未记录";
        return;
    }
    if (!r->has_rate) {
        row->status = PO_SC_CANNOT;
        row->reason_en = "cannot compute: the rate is not set in the rules (see the rule's note)";
        row->reason_zh = "无法计算：规则未给出加价标准（见规则说明）";
        return;
    }
    row->status = PO_SC_COMPUTED;
    row->amount_micro = po_sc_amount(in->kwh_micro, row->rate_micro, row->days, row->days_in_month);
}

int po_sc_month(struct po_sc_row *out, size_t out_cap, const struct po_sc_input *in,
                const struct po_sc_rule *rules, size_t nrules)
{
    int dim = po_deadline_days_in_month(in->year, in->month);
    if (dim <= 0)
        return -1;
    size_t n = 0;
    for (int f = 0; f < PO_SC_NFAMILY; f++) {
        size_t first = n;
        for (int d = 1; d <= dim; d++) {
            const struct po_sc_fact *fact = &in->days[d - 1].f[f];
            if (fact->state == PO_SC_NA)
                continue;
            const struct po_sc_rule *r = NULL;
            if (fact->state == PO_SC_KNOWN) {
                struct po_date day = { in->year, in->month, d };
                r = pick(rules, nrules, (enum po_sc_family)f, fact, day, in);
                if (!r)
                    continue; /* decided: no rule of the family applies that day */
            }
            struct po_sc_row *row = row_for(out, &n, out_cap, (enum po_sc_family)f, r, dim);
            if (!row)
                return -1;
            if (row->days == 0) {
                row->basis_micro = fact->value_micro;
                row->sector = fact->sector;
                row->finding = fact->finding;
                if (!r) {
                    row->reason_en = fact->why ? fact->why : "cannot decide: fact not recorded";
                    row->reason_zh = "无法判定：所需事实未记录或评估无法判定";
                }
            }
            row->days++;
        }
        for (size_t i = first; i < n; i++)
            finish(&out[i], in);
    }
    return (int)n;
}

static void water_cannot(struct po_sc_row *row, int dim, const char *en, const char *zh)
{
    memset(row, 0, sizeof *row);
    row->status = PO_SC_CANNOT;
    row->days_in_month = dim;
    row->reason_en = en;
    row->reason_zh = zh;
    row->low_confidence = true;
}

int po_sc_water_month(struct po_sc_row *out, size_t out_cap, const struct po_sc_water *in,
                      const struct po_sc_rule *rules, size_t nrules)
{
    int dim = po_deadline_days_in_month(in->year, in->month);
    if (dim <= 0 || out_cap == 0)
        return -1;
    if (!in->has_use || !in->has_quota) {
        water_cannot(&out[0], dim, "cannot compute: water use or quota not recorded",
                     "无法计算：用水量或用水定额未记录");
        return 1;
    }
    if (in->quota_m3_micro <= 0) {
        water_cannot(&out[0], dim, "cannot compute: the water quota is zero",
                     "无法计算：用水定额为零");
        return 1;
    }
    size_t n = 0;
    for (size_t i = 0; i < nrules; i++) {
        const struct po_sc_rule *r = &rules[i];
        if (r->utility != PO_SC_WATER || r->kind != PO_SC_WATER_BAND ||
            jur_rank(r, in->jurisdictions, in->njur) < 0)
            continue;
        int days = 0;
        for (int d = 1; d <= dim; d++)
            if (po_sc_rule_in_force(r, (struct po_date){ in->year, in->month, d }))
                days++;
        if (days == 0)
            continue;
        /* The band's volume: above quota × (1 + lower/100), not above quota × (1 + upper/100).
         * Thresholds in m3 × 10^6: quota × pct × 10^6 / (100 × 10^6). */
        int64_t lo = in->quota_m3_micro +
                     (int64_t)((i128)in->quota_m3_micro * (r->has_lower ? r->lower_micro : 0) /
                               (100 * PO_MICRO));
        int64_t vol = in->use_m3_micro - lo;
        if (r->has_upper) {
            int64_t hi = in->quota_m3_micro +
                         (int64_t)((i128)in->quota_m3_micro * r->upper_micro / (100 * PO_MICRO));
            if (in->use_m3_micro > hi)
                vol = hi - lo;
        }
        if (vol <= 0)
            continue;
        if (n >= out_cap)
            return -1;
        struct po_sc_row *row = &out[n++];
        memset(row, 0, sizeof *row);
        row->rule = r;
        row->days = days;
        row->days_in_month = dim;
        row->quantity_micro = vol;
        row->basis_micro = (int64_t)((i128)(in->use_m3_micro - in->quota_m3_micro) * 100 *
                                     PO_MICRO / in->quota_m3_micro);
        row->rate_micro = r->rate_micro;
        row->sector = "non_residential";
        row->low_confidence = strcmp(r->confidence, "low") == 0;
        row->reason_en = row->reason_zh = "";
        if (!in->has_price) {
            row->status = PO_SC_CANNOT;
            row->reason_en = "cannot compute: water price not recorded";
            row->reason_zh = "无法计算：水价未记录";
            continue;
        }
        /* volume × price (yuan) × multiplier, pro rata by day */
        i128 num = (i128)vol * in->price_micro * r->rate_micro * days;
        i128 den = (i128)dim * 10000000000LL * PO_MICRO;
        row->status = PO_SC_COMPUTED;
        row->amount_micro = (int64_t)((num + den / 2) / den) * 10000;
    }
    return (int)n;
}

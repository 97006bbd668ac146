/*
 * barometer.c: area sums and the 629号 warning levels.
 *
 * Levels are decided on rounded intensities (10^-9 per 10k yuan) so that
 * every comparison is a product of two int64 in 128 bits: the unrounded
 * ratio of two 10^15-scaled sums would need more than 128 bits for a
 * province.  The rounding is far below any figure printed.
 */
#include "core/barometer.h"
#include "util/arena.h"

#include <stdlib.h>
#include <string.h>

void po_barometer_add(struct po_area_year *y, const struct po_acct_result *r)
{
    y->enterprises++;
    if (r->notes & PO_NOTE_NO_ENERGY)
        return;
    y->with_energy++;
    y->total_e15 += r->total_e15;
    y->excluded_e15 += r->excl_total_e15;
    y->co2_e16 += r->co2_e16;
    if (r->nco2_missing)
        y->co2_incomplete++;
    if (r->va == PO_VA_MISSING) {
        y->va_missing++;
        return;
    }
    y->intensity_e15 += r->intensity_e15;
    y->va_micro += r->value_added_micro;
    y->co2_va_e16 += r->co2_e16;
}

bool po_barometer_intensity_e9(int64_t *out, const struct po_area_year *y, bool co2)
{
    if (!y->accounted || y->with_energy == 0 || y->va_micro <= 0)
        return false;
    /* tce_e15 / V_micro = tce per 10k yuan × 10^9; kg_e16 / (V_micro × 10^4) = t × 10^9 */
    po_acct_i128 num = co2 ? y->co2_va_e16 : y->intensity_e15;
    po_acct_i128 den = co2 ? y->va_micro * 10000 : y->va_micro;
    *out = (int64_t)po_acct_div_round(num, den);
    return true;
}

/* (a - b) / b in percent × 10^4, half up. */
static int64_t pct_change_e4(int64_t a, int64_t b)
{
    return (int64_t)po_acct_div_round((po_acct_i128)(a - b) * 1000000, b);
}

static void rate_intensity(struct po_baro_intensity *r, const struct po_baro_area *ar,
                           struct po_opt target, int year, bool co2)
{
    memset(r, 0, sizeof(*r));
    r->has_cur = po_barometer_intensity_e9(&r->cur_e9, &ar->cur, co2);
    r->has_prev = po_barometer_intensity_e9(&r->prev_e9, &ar->prev, co2);
    r->has_base = po_barometer_intensity_e9(&r->base_e9, &ar->base, co2);
    if (r->has_prev && r->prev_e9 > 0)
        r->yoy_pct_e4 = pct_change_e4(r->cur_e9, r->prev_e9);
    if (r->has_base && r->base_e9 > 0)
        r->reduction_pct_e4 = -pct_change_e4(r->cur_e9, r->base_e9);
    if (!ar->target || !target.set) {
        r->reason = PO_BR_NO_TARGET;
        return;
    }
    r->required_pct_micro = target.micro;
    if (ar->target->base_year >= year) {
        r->reason = PO_BR_BASE_YEAR;
        return;
    }
    if (co2 && (ar->cur.co2_incomplete || ar->prev.co2_incomplete || ar->base.co2_incomplete)) {
        r->reason = PO_BR_CO2_INCOMPLETE;
        return;
    }
    if (!r->has_cur || !r->has_prev || !r->has_base || r->base_e9 <= 0) {
        r->reason = PO_BR_NO_DATA;
        return;
    }
    if (r->cur_e9 >= r->prev_e9) {
        r->level = PO_LEVEL_RED;
        r->reason = PO_BR_ROSE;
        return;
    }
    /* achieved (base - cur)/base >= required/100, exactly: (base - cur) × 10^8 >= req × base */
    po_acct_i128 lhs = (po_acct_i128)(r->base_e9 - r->cur_e9) * 100000000;
    po_acct_i128 rhs = (po_acct_i128)target.micro * r->base_e9;
    r->level = lhs >= rhs ? PO_LEVEL_GREEN : PO_LEVEL_YELLOW;
    r->reason = lhs >= rhs ? PO_BR_ON_SCHEDULE : PO_BR_BEHIND;
}

static void rate_total(struct po_baro_total *r, po_acct_i128 total, po_acct_i128 unit_scale,
                       const struct po_target *t, struct po_opt cap, int64_t warn_micro,
                       bool incomplete)
{
    memset(r, 0, sizeof(*r));
    r->warning_pct_micro = warn_micro;
    if (!t || !cap.set || cap.micro <= 0) {
        r->reason = PO_BR_NO_TARGET;
        return;
    }
    r->cap_micro = cap.micro;
    po_acct_i128 cap_scaled = (po_acct_i128)cap.micro * unit_scale;
    r->share_pct_e4 = (int64_t)po_acct_div_round(total * 1000000, cap_scaled);
    if (total > cap_scaled) {
        r->level = PO_LEVEL_RED;
        r->reason = PO_BR_OVER_CAP;
    } else if (incomplete) {
        r->reason = PO_BR_CO2_INCOMPLETE; /* a lower bound under the cap says nothing */
    } else if (warn_micro > 0 && total * 100000000 >= cap_scaled * warn_micro) {
        r->level = PO_LEVEL_YELLOW;
        r->reason = PO_BR_NEAR_CAP;
    } else {
        r->level = PO_LEVEL_GREEN;
        r->reason = PO_BR_UNDER_CAP;
    }
}

void po_barometer_rate(struct po_baro_area *ar, int year, const struct po_acct_policy *pol)
{
    const struct po_target *t = ar->target;
    struct po_opt none = { false, 0 };
    rate_intensity(&ar->intensity, ar, t ? t->intensity_pct : none, year, false);
    rate_intensity(&ar->co2_intensity, ar, t ? t->co2_intensity_pct : none, year, true);
    int64_t warn = pol ? pol->total_warning_pct_micro : 0;
    /* caps: tce × 10^6 → tce × 10^15 is × 10^9; t × 10^6 → kg × 10^16 is × 10^13 */
    rate_total(&ar->total, ar->cur.total_e15, 1000000000, t, t ? t->energy_cap_tce : none, warn,
               false);
    rate_total(&ar->co2_total, ar->cur.co2_e16, 10000000000000LL, t, t ? t->co2_cap_t : none, warn,
               ar->cur.co2_incomplete > 0);
    ar->warning = po_barometer_worse(&ar->basis, ar->intensity.level, ar->total.level);
}

enum po_level po_barometer_worse(enum po_baro_basis *basis, enum po_level intensity,
                                 enum po_level total)
{
    /* red = 1 is the worst: the smaller set level wins */
    if (intensity == PO_LEVEL_NONE && total == PO_LEVEL_NONE)
        *basis = PO_BB_NONE;
    else if (total == PO_LEVEL_NONE || (intensity != PO_LEVEL_NONE && intensity < total))
        *basis = PO_BB_INTENSITY;
    else if (intensity == PO_LEVEL_NONE || total < intensity)
        *basis = PO_BB_TOTAL;
    else
        *basis = PO_BB_BOTH;
    return *basis == PO_BB_TOTAL ? total : *basis == PO_BB_NONE ? PO_LEVEL_NONE : intensity;
}

const char *po_baro_basis_name(enum po_baro_basis b)
{
    static const char *const n[] = { "", "intensity", "total", "intensity+total" };
    return (unsigned)b < 4 ? n[b] : "";
}

const char *po_baro_basis_zh(enum po_baro_basis b)
{
    static const char *const n[] = { "", "能耗强度", "能耗总量", "能耗强度和总量" };
    return (unsigned)b < 4 ? n[b] : "";
}

/* ---- areas ---- */

/*
 * Which areas an enterprise counts in: its district and every district above
 * it.  Worked out once per run as indices into in->districts (a binary search
 * by code, at most BARO_DEPTH levels, -1 past the top), so summing an area is
 * a scan of small integers rather than a search per enterprise and area — a
 * province has thousands of enterprises and a hundred districts.
 */
#define BARO_DEPTH 8

static int cmp_district_ptr(const void *a, const void *b)
{
    return strcmp((*(const struct po_district *const *)a)->code,
                  (*(const struct po_district *const *)b)->code);
}

static const struct po_district *lookup(const struct po_district *const *by, size_t n,
                                        const char *code)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(by[mid]->code, code);
        if (c == 0)
            return by[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static int *ancestries(const struct po_baro_input *in, struct po_arena *a)
{
    const struct po_district **by = po_arena_calloc(a, in->ndistricts + 1, sizeof(*by));
    int *anc = po_arena_calloc(a, in->nents * BARO_DEPTH + 1, sizeof(*anc));
    if (!by || !anc)
        return NULL;
    for (size_t i = 0; i < in->ndistricts; i++)
        by[i] = &in->districts[i];
    qsort(by, in->ndistricts, sizeof(*by), cmp_district_ptr);
    for (size_t e = 0; e < in->nents; e++) {
        const char *code = in->ents[e].district;
        for (int depth = 0; depth < BARO_DEPTH; depth++) {
            const struct po_district *d = code ? lookup(by, in->ndistricts, code) : NULL;
            anc[e * BARO_DEPTH + (size_t)depth] = d ? (int)(d - in->districts) : -1;
            code = d ? d->parent : NULL;
        }
    }
    return anc;
}

/* Is enterprise e inside the district of index area (itself or below)? */
static bool inside(const int *anc, size_t e, int area)
{
    for (size_t depth = 0; depth < BARO_DEPTH; depth++) {
        int d = anc[e * BARO_DEPTH + depth];
        if (d == area)
            return true;
        if (d < 0)
            return false;
    }
    return false;
}

static int year_index(const struct po_baro_input *in, int y)
{
    for (size_t k = 0; k < in->nyears; k++)
        if (in->years[k] == y)
            return (int)k;
    return -1;
}

static void fill(struct po_area_year *y, const struct po_baro_input *in, const int *anc, int area,
                 int k)
{
    memset(y, 0, sizeof(*y));
    if (k < 0)
        return;
    y->accounted = true;
    for (size_t i = 0; i < in->nents; i++) {
        const struct po_acct_result *r = in->ents[i].res[k];
        if (r && inside(anc, i, area))
            po_barometer_add(y, r);
    }
}

static const struct po_target *target_of(const struct po_baro_input *in, const char *code)
{
    for (size_t i = 0; i < in->ntargets; i++)
        if (in->targets[i].year == in->year && strcmp(in->targets[i].district_code, code) == 0)
            return &in->targets[i];
    return NULL;
}

static int cmp_area(const void *a, const void *b)
{
    return strcmp(((const struct po_baro_area *)a)->district->code,
                  ((const struct po_baro_area *)b)->district->code);
}

static int cmp_industry(const void *a, const void *b)
{
    return strcmp(((const struct po_baro_industry *)a)->industry,
                  ((const struct po_baro_industry *)b)->industry);
}

static int industries(struct po_baro_report *out, const struct po_baro_input *in,
                      struct po_arena *a)
{
    out->industries = po_arena_calloc(a, in->nents ? in->nents : 1, sizeof(*out->industries));
    if (!out->industries)
        return PO_ENOMEM;
    for (size_t i = 0; i < in->nents; i++) {
        const struct po_acct_result *r = in->ents[i].res[0];
        struct po_baro_industry *ind = NULL;
        for (size_t j = 0; j < out->nindustries && !ind; j++)
            if (strcmp(out->industries[j].industry, in->ents[i].industry) == 0)
                ind = &out->industries[j];
        if (!ind) {
            ind = &out->industries[out->nindustries++];
            ind->industry = in->ents[i].industry;
            ind->cur.accounted = true;
        }
        if (r)
            po_barometer_add(&ind->cur, r);
    }
    if (out->nindustries > 1)
        qsort(out->industries, out->nindustries, sizeof(*out->industries), cmp_industry);
    return 0;
}

int po_barometer_run(struct po_baro_report *out, const struct po_baro_input *in, struct po_arena *a,
                     struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    if (in->nyears == 0 || in->years[0] != in->year)
        return po_err_set(err, PO_EINVAL, "晴雨表输入的第一个年份应为评价年度 %d",
                          "barometer input: the first year must be the year assessed, %d",
                          in->year);
    out->areas = po_arena_calloc(a, in->ndistricts ? in->ndistricts : 1, sizeof(*out->areas));
    const int *anc = ancestries(in, a);
    if (!out->areas || !anc)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    for (size_t i = 0; i < in->ndistricts; i++) {
        const struct po_district *d = &in->districts[i];
        if (strcmp(d->level, "city") != 0 && strcmp(d->level, "district") != 0)
            continue;
        struct po_baro_area *ar = &out->areas[out->nareas++];
        ar->district = d;
        ar->target = target_of(in, d->code);
        fill(&ar->cur, in, anc, (int)i, 0);
        fill(&ar->prev, in, anc, (int)i, year_index(in, in->year - 1));
        int base = ar->target ? ar->target->base_year : in->year - 1;
        fill(&ar->base, in, anc, (int)i, year_index(in, base));
        po_barometer_rate(ar, in->year, in->policy);
    }
    if (out->nareas > 1)
        qsort(out->areas, out->nareas, sizeof(*out->areas), cmp_area);
    if (industries(out, in, a) < 0)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    return 0;
}

const char *po_level_name_en(enum po_level l)
{
    static const char *const n[] = { "", "red", "yellow", "green" };
    return (unsigned)l < 4 ? n[l] : "";
}

const char *po_level_name_zh(enum po_level l)
{
    static const char *const n[] = { "", "一级预警（红）", "二级预警（黄）", "三级（绿）" };
    return (unsigned)l < 4 ? n[l] : "";
}

static const char *const reasons_en[] = {
    [PO_BR_NO_TARGET] = "no target set",
    [PO_BR_BASE_YEAR] = "base year",
    [PO_BR_NO_DATA] =
        "intensity not defined for a year needed (no energy data or no positive value added)",
    [PO_BR_CO2_INCOMPLETE] = "CO2 incomplete (energy records without an emission factor)",
    [PO_BR_ROSE] = "intensity did not fall year on year",
    [PO_BR_BEHIND] = "intensity fell but is behind the schedule",
    [PO_BR_ON_SCHEDULE] = "on schedule",
    [PO_BR_OVER_CAP] = "over the cap",
    [PO_BR_NEAR_CAP] = "at or above the warning share of the cap",
    [PO_BR_UNDER_CAP] = "below the warning share of the cap",
};

static const char *const reasons_zh[] = {
    [PO_BR_NO_TARGET] = "未设定目标",
    [PO_BR_BASE_YEAR] = "基年",
    [PO_BR_NO_DATA] = "所需年份的强度无法计算（无能耗数据或增加值不为正）",
    [PO_BR_CO2_INCOMPLETE] = "二氧化碳不完整（有能源记录缺少排放因子）",
    [PO_BR_ROSE] = "强度同比未下降",
    [PO_BR_BEHIND] = "强度下降但未达到进度要求",
    [PO_BR_ON_SCHEDULE] = "达到进度要求",
    [PO_BR_OVER_CAP] = "超过控制目标",
    [PO_BR_NEAR_CAP] = "达到控制目标的预警比例",
    [PO_BR_UNDER_CAP] = "低于控制目标的预警比例",
};

const char *po_baro_reason_en(enum po_baro_reason r)
{
    return (unsigned)r <= PO_BR_UNDER_CAP ? reasons_en[r] : "";
}

const char *po_baro_reason_zh(enum po_baro_reason r)
{
    return (unsigned)r <= PO_BR_UNDER_CAP ? reasons_zh[r] : "";
}

/*
 * barometer.h: dual-control targets, progress and the warning level of each
 * district and of the city (能耗双控晴雨表).
 *
 * Method (data/dual_control_rules.md §2; 发改办环资〔2021〕629号):
 *   intensity   level 1 red    = the year's energy intensity did not fall
 *                                year on year (it rose or stayed equal);
 *               level 2 yellow = it fell, but the cumulative reduction since
 *                                the base year is behind the schedule;
 *               level 3 green  = it fell and the reduction is on schedule.
 *               The schedule is the target row of the year: the cumulative
 *               reduction vs its base year required by the end of that
 *               year (targets are per year, so the pro-rating is in the
 *               data, data/dual_control_targets.csv).
 *   total       the notice gives no numeric criteria.  Our choice, as data
 *               (accounting_policy.csv barometer_total_warning_pct, low
 *               confidence): red = total over the year's cap; yellow = at
 *               or above the warning share of the cap; green = below.
 *   carbon      where a target is set, the same two ratings on CO2.
 *   warning     the area's card: the worse of the intensity and the total
 *               level (red before yellow before green; a rating that could not
 *               be made does not count), and which one it rests on — so a
 *               district over its cap is red even when its intensity fell.
 *
 * An area's intensity is Σ intensity numerators / Σ value added of its
 * enterprises that report value added (any sign: value added sums as GDP
 * does); enterprises without value added are left out of the intensity and
 * counted (coverage), their energy still counts in the total.  Intensities
 * are rounded once, half up, to 10^-9 tce (t CO2) per 10k yuan, then
 * compared exactly; reductions are printed in percent to 4 decimals.
 * Every year is accounted under the policy of the year assessed (803号:
 * feedstock comes off the base year and the target year alike).
 *
 * An area is a city or district of the district table; an enterprise
 * belongs to the area of its district code and to every area above it.
 * Value added is taken at current prices as reported: the comparable-price
 * deflation of the national method is not applied (docs/accounting.md).
 * Pure; results live in the arena given.
 *
 * The report points at the input's districts and targets, which must outlive it.  Errors:
 * po_barometer_run returns PO_EINVAL (the first year given is not the year assessed, a product
 * overflows 128 bits) or PO_ENOMEM; the other functions cannot fail, and the names they return are
 * static strings.
 */
#ifndef PO_BAROMETER_H
#define PO_BAROMETER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/account.h"
#include "core/quota.h"
#include "util/err.h"

struct po_arena;

/* One target row (a district or the city, one year). */
struct po_target {
    const char *district_code;
    int year, base_year;
    struct po_opt intensity_pct;     /* cumulative energy-intensity reduction vs base, percent */
    struct po_opt energy_cap_tce;    /* cap on the year's total consumption, tce */
    struct po_opt co2_intensity_pct; /* cumulative CO2-intensity reduction vs base, percent */
    struct po_opt co2_cap_t;         /* cap on the year's CO2, t */
    const char *note, *source;
};

/* A jurisdiction as registered. */
struct po_district {
    const char *code, *name, *level, *parent; /* parent NULL at the top */
};

/* One enterprise: its area keys and its accounts for the years asked (NULL: not accounted). */
struct po_baro_ent {
    const char *district, *industry;
    const struct po_acct_result *const *res; /* parallel to po_baro_input.years */
};

struct po_baro_input {
    int year; /* the year assessed; years[0] must equal it */
    const int *years;
    size_t nyears;
    const struct po_baro_ent *ents;
    size_t nents;
    const struct po_district *districts;
    size_t ndistricts;
    const struct po_target *targets; /* any years; the rows of `year` are used */
    size_t ntargets;
    const struct po_acct_policy *policy; /* of `year` */
};

/* Sums of an area (or an industry) in one year. */
struct po_area_year {
    bool accounted;             /* the year was accounted */
    size_t enterprises;         /* in the area */
    size_t with_energy;         /* with energy data */
    size_t va_missing;          /* with energy data but no value added: outside the intensity */
    size_t co2_incomplete;      /* whose CO2 is incomplete */
    po_acct_i128 total_e15;     /* total consumption (policy) */
    po_acct_i128 excluded_e15;  /* excluded from the total by the policy (shown) */
    po_acct_i128 intensity_e15; /* intensity numerator of enterprises with value added */
    po_acct_i128 va_micro;      /* their value added, 10k yuan × 10^6 */
    po_acct_i128 co2_e16;       /* CO2, kg × 10^16 */
    po_acct_i128 co2_va_e16;    /* CO2 of enterprises with value added */
};

enum po_level { PO_LEVEL_NONE = 0, PO_LEVEL_RED = 1, PO_LEVEL_YELLOW = 2, PO_LEVEL_GREEN = 3 };

enum po_baro_reason {
    PO_BR_NO_TARGET = 0,  /* no target row, or the figure is not set */
    PO_BR_BASE_YEAR,      /* the year assessed is the base year */
    PO_BR_NO_DATA,        /* an intensity is not defined (no value added > 0, no energy) */
    PO_BR_CO2_INCOMPLETE, /* some enterprise's CO2 is incomplete */
    PO_BR_ROSE,           /* red: did not fall year on year */
    PO_BR_BEHIND,         /* yellow: fell, behind the schedule */
    PO_BR_ON_SCHEDULE,    /* green */
    PO_BR_OVER_CAP,       /* red: over the cap */
    PO_BR_NEAR_CAP,       /* yellow: at or above the warning share */
    PO_BR_UNDER_CAP,      /* green */
};

/* An intensity rating (energy or CO2). */
struct po_baro_intensity {
    enum po_level level;
    enum po_baro_reason reason;
    bool has_cur, has_prev, has_base;
    int64_t cur_e9, prev_e9, base_e9; /* per 10k yuan × 10^9 */
    int64_t yoy_pct_e4;               /* change on last year, percent × 10^4 (negative: fell) */
    int64_t reduction_pct_e4;         /* cumulative reduction vs base, percent × 10^4 */
    int64_t required_pct_micro;       /* the target, percent × 10^6 */
};

/* Which rating the warning level rests on. */
enum po_baro_basis {
    PO_BB_NONE = 0,  /* neither rating could be made */
    PO_BB_INTENSITY, /* the intensity level is the worse */
    PO_BB_TOTAL,     /* the total level is the worse */
    PO_BB_BOTH,      /* both, at the same level */
};

/* A total rating (energy or CO2). */
struct po_baro_total {
    enum po_level level;
    enum po_baro_reason reason;
    int64_t cap_micro;    /* tce or t × 10^6 */
    int64_t share_pct_e4; /* total / cap, percent × 10^4 */
    int64_t warning_pct_micro;
};

struct po_baro_area {
    const struct po_district *district;
    const struct po_target *target; /* NULL: none for the year */
    struct po_area_year cur, prev, base;
    struct po_baro_intensity intensity, co2_intensity;
    struct po_baro_total total, co2_total;
    enum po_level warning;    /* the worse of intensity.level and total.level */
    enum po_baro_basis basis; /* which of them */
};

struct po_baro_industry {
    const char *industry;
    struct po_area_year cur;
};

struct po_baro_report {
    struct po_baro_area *areas; /* cities and districts, by code */
    size_t nareas;
    struct po_baro_industry *industries; /* by code */
    size_t nindustries;
};

/*
 * Sums and levels for every city and district of in->districts, and the
 * totals by industry for the year.  PO_EINVAL when years[0] != year, or a
 * product overflows 128 bits; PO_ENOMEM.
 */
int po_barometer_run(struct po_baro_report *out, const struct po_baro_input *in, struct po_arena *a,
                     struct po_err *err);

/* Add an enterprise's account to an area-year. */
void po_barometer_add(struct po_area_year *y, const struct po_acct_result *r);

/* Area intensity, tce (or t CO2) per 10k yuan × 10^9; false when value added <= 0. */
bool po_barometer_intensity_e9(int64_t *out, const struct po_area_year *y, bool co2);

/* The levels of one area whose cur/prev/base sums are filled. */
void po_barometer_rate(struct po_baro_area *area, int year, const struct po_acct_policy *pol);

/* The worse of two levels (PO_LEVEL_NONE counts for nothing) and which one it is. */
enum po_level po_barometer_worse(enum po_baro_basis *basis, enum po_level intensity,
                                 enum po_level total);

/* "intensity", "total", "intensity+total", "" */
const char *po_baro_basis_name(enum po_baro_basis b);
/* 强度 / 总量 / 强度和总量 / "" */
const char *po_baro_basis_zh(enum po_baro_basis b);

const char *po_level_name_en(enum po_level l); /* "red", "yellow", "green", "" */
const char *po_level_name_zh(enum po_level l); /* "一级（红）" ... */
const char *po_baro_reason_en(enum po_baro_reason r);
const char *po_baro_reason_zh(enum po_baro_reason r);

#endif

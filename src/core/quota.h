/*
 * quota.h: unit-product energy consumption against the quota standards and
 * the NDRC benchmark / baseline levels.
 *
 * Three reference tables, all data:
 *   - quota standard rows (data/energy_quota_standards.csv): a standard's
 *     version, its effective date and, per product / process variant /
 *     indicator, the existing-plant limit (限定值, grade 3), the new-plant
 *     value (准入值, grade 2) and the advanced value (先进值, grade 1);
 *   - NDRC efficiency levels (data/efficiency_benchmark_levels.csv): the
 *     benchmark (标杆) and baseline (基准) per edition;
 *   - our product tags mapped to both (data/product_quotas.csv), with the
 *     indicator's scope: "comprehensive" (kgce/t, every energy attributed
 *     to the product at the quota's electricity convention, feedstock only
 *     where the standard counts it) or "electricity" (kWh/t, electricity
 *     only).
 *
 * Version in force: the standard family's (e.g. "GB 21343") newest row for
 * the mapped product, variant and indicator whose effective date is on or
 * before 31 December of the year — the same reference date as the
 * accounting policy.  Rows without a date ("(superseded)") are never in
 * force.  A version that came into force during the year is flagged.
 * Benchmark edition: the newest edition whose year is not after the year,
 * with a figure for the product and indicator.
 *
 * Attribution: a single-product enterprise (one product with output in
 * the year) gets every record, tagged or not; a multi-product enterprise
 * gets, per product, the records tagged with it; its untagged records are
 * counted in the result as not attributable, never spread by guess.
 *
 * Comparisons are exact: the consumption is the fraction num/den and a
 * limit L (× 10^6) is met when num × 10^6 <= L × den — exactly at the
 * limit meets it.  Display values are rounded once, half up, to 2
 * decimals.  Pure; tables are read-only after loading.
 *
 * Memory: the tables' rows (strings copied) and the report live in the arena given; a report
 * points at the tables, which must outlive it.  Errors: the po_quota_add_* functions return
 * PO_EINVAL naming the field, or PO_ENOMEM; po_quota_enterprise PO_EINVAL on overflow or
 * PO_ENOMEM; lookups return NULL when nothing is in force.
 */
#ifndef PO_QUOTA_H
#define PO_QUOTA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/account.h"
#include "util/err.h"

struct po_arena;

enum po_quota_scope { PO_QUOTA_COMPREHENSIVE = 0, PO_QUOTA_ELECTRICITY };

/* A figure that may be absent ("grade 2 not set"). */
struct po_opt {
    bool set;
    int64_t micro; /* × 10^6 */
};

struct po_quota_std {
    const char *standard; /* "GB 21343-2023" */
    struct po_date effective;
    const char *product, *variant, *indicator, *unit;
    struct po_opt limit_existing, limit_new, advanced;
    const char *source, *confidence;
};

struct po_bench_level {
    int edition_year;    /* 2021 */
    const char *edition; /* as in the file */
    const char *product, *indicator, *unit;
    struct po_opt benchmark, baseline;
    const char *source, *confidence;
};

struct po_product_quota {
    const char *product; /* our tag: "calcium_carbide" */
    const char *name_zh;
    const char *standard; /* family: "GB 21343" */
    const char *quota_product, *quota_variant, *quota_indicator;
    enum po_quota_scope scope;
    bool feedstock_in_quota;
    const char *bench_product, *bench_indicator; /* "" when none */
    const char *note, *source, *confidence;
};

struct po_quota_tables {
    struct po_quota_std *std;
    size_t nstd, capstd;
    struct po_bench_level *bench;
    size_t nbench, capbench;
    struct po_product_quota *map;
    size_t nmap, capmap;
    struct po_arena *a;
};

void po_quota_tables_init(struct po_quota_tables *t, struct po_arena *a);

/*
 * Add rows (strings copied).  Figures are decimal text, empty = not set.
 * po_quota_add_std: an effective date that is not YYYY-MM-DD leaves the row
 * out of every year (returns 0).  po_quota_add_bench: the edition's year is
 * its first four digits; rows without a figure are kept but never chosen.
 * po_quota_add_map: scope "comprehensive" or "electricity", feedstock
 * "0"/"1".  PO_EINVAL names the field; PO_ENOMEM.
 */
int po_quota_add_std(struct po_quota_tables *t, const char *standard, const char *effective,
                     const char *product, const char *variant, const char *indicator,
                     const char *limit_existing, const char *limit_new, const char *advanced,
                     const char *unit, const char *source, const char *confidence,
                     struct po_err *err);
int po_quota_add_bench(struct po_quota_tables *t, const char *edition, const char *product,
                       const char *indicator, const char *benchmark, const char *baseline,
                       const char *unit, const char *source, const char *confidence,
                       struct po_err *err);
int po_quota_add_map(struct po_quota_tables *t, const struct po_product_quota *m,
                     struct po_err *err);

/* The version in force on 31 December of year, or NULL. */
const struct po_quota_std *po_quota_std_for(const struct po_quota_tables *t,
                                            const struct po_product_quota *m, int year);
/* The benchmark edition for year, or NULL. */
const struct po_bench_level *po_quota_bench_for(const struct po_quota_tables *t,
                                                const struct po_product_quota *m, int year);

enum po_quota_verdict {
    PO_QV_NO_STANDARD = 0, /* no version in force in the reference data */
    PO_QV_NO_ENERGY,       /* nothing attributed to the product */
    PO_QV_OVER_LIMIT,      /* above the existing-plant limit (限定值) */
    PO_QV_MEETS_LIMIT,     /* at or below the limit, above the new-plant value */
    PO_QV_MEETS_NEW,       /* at or below the new-plant value, above the advanced value */
    PO_QV_ADVANCED,        /* at or below the advanced value */
};

enum po_bench_verdict {
    PO_BV_NONE = 0,       /* no benchmark edition for the product */
    PO_BV_BELOW_BASELINE, /* consumption above the baseline (worse than 基准水平) */
    PO_BV_BETWEEN,        /* at or below the baseline, above the benchmark */
    PO_BV_BENCHMARK,      /* at or below the benchmark (标杆水平) */
};

struct po_quota_result {
    const struct po_product_quota *map;
    int64_t output_micro;           /* t × 10^6 */
    size_t nrecords;                /* records attributed */
    po_acct_i128 num, den;          /* consumption = num / den in the indicator's unit */
    int64_t value_e2;               /* rounded half up, × 100 */
    const struct po_quota_std *std; /* version in force, or NULL */
    bool std_new_in_year;           /* came into force during the year */
    int cmp_limit_existing, cmp_limit_new, cmp_advanced; /* -1 below, 0 at, 1 above, 2 not set */
    enum po_quota_verdict verdict;
    const struct po_bench_level *bench;
    int cmp_benchmark, cmp_baseline;
    enum po_bench_verdict bench_verdict;
};

struct po_quota_report {
    struct po_quota_result *res;
    size_t nres;
    size_t untagged_unattributed; /* multi-product: untagged records not attributed */
    size_t tagged_no_output;      /* records tagged with a product without output */
};

/*
 * Unit-product consumption of every output product that has a mapping.
 * acct is the enterprise's account (its lines give the records); the
 * comprehensive indicator converts electricity at the table's (equivalent)
 * factor whatever the accounting convention (quota_electricity_convention).
 * Results live in a.  PO_EINVAL on overflow, PO_ENOMEM.
 */
int po_quota_enterprise(struct po_quota_report *out, const struct po_acct_input *in,
                        const struct po_acct_result *acct, const struct po_quota_tables *t,
                        struct po_arena *a, struct po_err *err);

/* Compare num/den with a limit × 10^6: -1, 0, 1; 2 when the limit is not set. */
int po_quota_cmp(po_acct_i128 num, po_acct_i128 den, struct po_opt limit);

#endif

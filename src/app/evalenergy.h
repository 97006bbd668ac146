/*
 * evalenergy.h: the energy facts of the rules (criterion energy, 三(二)).
 *
 * From the accounting of the data year (report/account_out.h: the policy in
 * force, the default factors, unit-product consumption against the quota
 * standards and NDRC levels) and the intensity ranking (app/rankdb.h):
 *   has_quota_product       1 when a product of the enterprise has a quota standard in force
 *   quota_over_limit        1 when a product's consumption is above the existing-plant limit
 *                           (限定值); missing when no product could be compared (no energy
 *                           attributed)
 *   has_efficiency_benchmark 1 when a product has NDRC benchmark/baseline levels
 *   below_baseline          1 when a product's consumption is worse than the baseline (基准水平)
 *   intensity_worst_20pct   1 when ranked in the worst 20 % of the city under the legal
 *                           ranking (core/rank_legal.h: the cut over the ranked only);
 *                           missing when the legal ranking leaves the enterprise out
 *                           (rank_note says why: "not ranked: value added not recorded for
 *                           2024", rank_missing names the data item), so the rule cannot
 *                           decide — never a violation
 * and, for the coal-washing balance (core/washbal.h), the coal each enterprise burnt.
 * Each fact carries a note with the figures ("calcium_carbide 1002.5 kgce/t > 940 GB 21343-2023").
 *
 * Memory: the facts and their notes live in the arena given.  Errors: po_evalenergy_load() returns
 * the store's codes, the accounting's and the ranking's (app/account_db.h, app/rankdb.h,
 * refdata/account_ref.h) or PO_ENOMEM, with err filled; po_evalenergy_find() NULL for an unknown
 * USCC.
 */
#ifndef PO_EVALENERGY_H
#define PO_EVALENERGY_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

struct po_arena;

enum { PO_EF_UNKNOWN = -1 };

struct po_energy_facts {
    const char *uscc;
    bool has_quota_product, has_bench;
    int quota_over, below_baseline, worst20; /* 0, 1 or PO_EF_UNKNOWN */
    const char *quota_note, *bench_note, *rank_note;
    const char *quota_note_zh, *bench_note_zh, *rank_note_zh; /* the notes in Chinese */
    const char *rank_missing; /* worst20 unknown because of: "value_added" or "energy_use"
                                 (not recorded, a tag of data/fact_sources.csv), or
                                 "loss_review" (value added <= 0, listed for review by the
                                 city parameter); NULL otherwise */
    int64_t coal_fuel_micro;  /* t × 10^6 of coal burnt as fuel in the year (raw, washed and
                                 middling coal; the records the account counts, double counts
                                 left out); -1 when the enterprise has no such record */
};

/* Facts of every enterprise for year, sorted by uscc (bytes).  Lives in a. */
int po_evalenergy_load(struct po_energy_facts **out, size_t *n, struct po_store *st, int year,
                       struct po_arena *a, struct po_err *err);

/* The facts of uscc, or NULL. */
const struct po_energy_facts *po_evalenergy_find(const struct po_energy_facts *f, size_t n,
                                                 const char *uscc);

#endif

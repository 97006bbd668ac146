/*
 * washbal.h: the city's coal-washing balance (Wuhai opinion 三(三): 积极化解洗煤行业过剩产能，
 * 使洗煤能力与焦化产能、电力生产相适应).
 *
 * Washing capacity is set against the coal the city's coke ovens and power plants need:
 *   coke need  = coke-oven capacity (t of coke a year) × washed coal per tonne of coke
 *                (data/coal_balance.csv, with its source and confidence);
 *   power need = the coal the power plants burnt in the data year (their energy records);
 *   surplus    = washing capacity − coke need − power need.
 * When there is a surplus, the candidates to exit are the smallest plants, taken in order of
 * capacity (then USCC, then unit number: a total order, so runs are byte-identical) until the
 * capacity taken reaches the surplus.  Smallest first because the registry has no per-plant
 * efficiency figure for washing (the quota of GB 29446 is per enterprise); small plants are
 * also what the catalogue's scale thresholds aim at.  A surplus of zero or less names no
 * candidate.  Any figure missing (a plant's or an oven's capacity, a power plant's coal) leaves
 * the balance undecided: the caller then reports "cannot decide" for every washing plant, with
 * the reason.
 *
 * Quantities are exact: tonnes × 10^6, the factor in thousandths.  Pure, thread-safe.
 *
 * Memory: the candidate flags live in the arena given.  Errors: po_washbal_compute returns
 * PO_EINVAL (a negative capacity or factor, a sum that overflows) or PO_ENOMEM; a missing figure
 * is not an error but an undecided balance (decided false).
 */
#ifndef PO_WASHBAL_H
#define PO_WASHBAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct po_arena;

/* A figure not known (the caller keeps the reason). */
#define PO_WASHBAL_MISSING INT64_MIN

struct po_washbal_plant {
    const char *uscc, *equipment_id;
    int64_t capacity_micro; /* t a year × 10^6, or PO_WASHBAL_MISSING */
};

struct po_washbal_input {
    const struct po_washbal_plant *plants;
    size_t nplants;
    int64_t coke_capacity_micro; /* t of coke a year × 10^6, all ovens; or PO_WASHBAL_MISSING */
    int64_t coal_per_coke_milli; /* t of washed coal per t of coke × 1000 */
    int64_t power_coal_micro; /* t of coal burnt by power plants × 10^6; or PO_WASHBAL_MISSING */
};

struct po_washbal {
    bool decided; /* every figure known */
    int64_t washing_micro, coke_need_micro, power_need_micro, need_micro, surplus_micro;
    bool *candidate;     /* per plant, in input order (NULL when no plant) */
    size_t ncandidates;  /* plants marked */
    int64_t taken_micro; /* their capacity */
};

/*
 * Compute the balance of in into out; candidate lives in a.  PO_ENOMEM; PO_EINVAL when a
 * capacity or the factor is negative or a sum overflows.
 */
int po_washbal_compute(struct po_washbal *out, const struct po_washbal_input *in,
                       struct po_arena *a, struct po_err *err);

#endif

/*
 * rankdb.h: the intensity ranking over the database (`phaseout rank --db`).
 *
 * The same ranking as `rank --from` (core/rank.h), fed from the registry:
 *   - who is ranked: every production enterprise — status operating,
 *     limited or suspended; closed and exited enterprises have no
 *     production to rank;
 *   - T: the enterprise's intensity numerator for the year under the
 *     accounting policy in force (io/account_db.h: feedstock and green
 *     power excluded where the rules say, each exclusion visible in
 *     `phaseout account`), tce × 10^8 rounded half up once from the exact
 *     sum;  with data that has nothing to exclude (the benchmark files) it
 *     is exactly the workload's T, so the output is byte-identical to
 *     `rank --from` over the same files;
 *   - V: value added × 100 (10k yuan), rounded half away from zero from the
 *     stored 10^-6; missing when the economics row or its field is missing.
 */
#ifndef PO_RANKDB_H
#define PO_RANKDB_H

#include <stddef.h>

#include "core/coef.h"
#include "core/rank.h"
#include "store/store.h"

struct po_arena;

struct po_rankdb_info {
    size_t ranked;     /* production enterprises ranked */
    size_t skipped;    /* closed or exited, not ranked */
    size_t nunknown;   /* energy records without a factor (not counted) */
};

/* Rank year's production enterprises.  Everything lives in a. */
int po_rankdb_compute(struct po_rank_result *out, struct po_rankdb_info *info, struct po_store *st,
                      int year, const struct po_coef_table *coef, struct po_arena *a,
                      struct po_err *err);

#endif

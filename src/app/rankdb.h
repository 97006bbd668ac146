/*
 * rankdb.h: the intensity ranking over the database (`phaseout rank --db`).
 *
 * The same ranking as `rank --from` (core/rank.h), fed from the registry:
 *   - who is ranked: every production enterprise — status operating,
 *     limited or suspended; closed and exited enterprises have no
 *     production to rank;
 *   - T: the enterprise's intensity numerator for the year under the
 *     accounting policy in force (app/account_db.h: feedstock and green
 *     power excluded where the rules say, each exclusion visible in
 *     `phaseout account`), tce × 10^8 rounded half up once from the exact
 *     sum;  with data that has nothing to exclude (the benchmark files) it
 *     is exactly the workload's T, so the output is byte-identical to
 *     `rank --from` over the same files;
 *   - V: value added × 100 (10k yuan), rounded half away from zero from the
 *     stored 10^-6; missing when the economics row or its field is missing.
 *
 * Two policies (core/rank_legal.h): po_rankdb_compute() is the benchmark
 * rule (every production enterprise ranked, byte-identical to `rank
 * --from`); po_rankdb_legal() the legal one (`rank --db` by default, the
 * evaluation, the UI): value added missing, energy zero or not reported
 * leaves an enterprise out, loss-making ones as the city parameter
 * loss_making_ranking in force at the end of the year says.
 *
 * Memory: the result and everything it points at live in the arena given;
 * po_rankdb_format_excluded() appends to b (failure sticky in b).
 * Errors: po_rankdb_compute() and po_rankdb_legal() return 0 or a negative
 * PO_E* with err filled — the store's codes (reading the year through
 * app/account_db.h), PO_EINVAL (an enterprise's energy total out of range,
 * or core/rank.h's refusals), PO_ENOMEM; po_rankdb_legal() and
 * po_rankdb_city_loss() also those of refdata/cityparams.h (PO_EINVAL,
 * PO_ENOTFOUND) when reading loss_making_ranking.
 */
#ifndef PO_RANKDB_H
#define PO_RANKDB_H

#include <stddef.h>

#include "core/coef.h"
#include "core/rank.h"
#include "core/rank_legal.h"
#include "store/store.h"

struct po_arena;

struct po_rankdb_info {
    size_t ranked;   /* production enterprises ranked */
    size_t skipped;  /* closed or exited, not ranked */
    size_t nunknown; /* energy records without a factor (not counted) */
};

/*
 * Rank year's production enterprises, flagging the city's worst share
 * (data/city_params.csv intensity_worst_pct).  Everything lives in a.
 */
int po_rankdb_compute(struct po_rank_result *out, struct po_rankdb_info *info, struct po_store *st,
                      int year, const struct po_coef_table *coef, struct po_arena *a,
                      struct po_err *err);

/*
 * The same enterprises under the legal policy.  loss: the treatment of
 * loss-making enterprises, or NULL for the city's (data/city_params.csv
 * loss_making_ranking in force on YEAR-12-31); the cut is the city's
 * intensity_worst_pct.  Everything lives in a.
 */
int po_rankdb_legal(struct po_rank_legal *out, struct po_rankdb_info *info, struct po_store *st,
                    int year, const struct po_coef_table *coef, const enum po_rank_loss *loss,
                    struct po_arena *a, struct po_err *err);

/*
 * The city's worst share of the ranking in percent (intensity_worst_pct) with
 * its row's effective_from and confidence (either may be NULL).  PO_EINVAL
 * for a bad data/city_params.csv.
 */
int po_rankdb_city_cut(int *out, char from[11], char confidence[16], struct po_err *err);

/* The city's treatment of loss-making enterprises in year (its row of data/city_params.csv). */
int po_rankdb_city_loss(enum po_rank_loss *out, char from[11], char confidence[16], int year,
                        struct po_err *err);

/*
 * excluded.csv of a legal ranking: uscc,name,district_code,reason,reason_zh,missing — one
 * row per enterprise left out, by uscc.  Failure (out of memory) is sticky in b.
 */
void po_rankdb_format_excluded(struct po_buf *b, const struct po_rank_legal *r);

#endif

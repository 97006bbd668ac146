/*
 * rank_legal.h: the legal intensity ranking (PO_RANK_LEGAL), beside the
 * benchmark rule (PO_RANK_BENCHMARK, core/rank.h).
 *
 * Two named policies, not one rule used for both:
 *
 *   PO_RANK_BENCHMARK  the benchmark workload's rule, byte-identical to its
 *                      oracle (`rank --from`): every enterprise is ranked, one
 *                      without an intensity ranks as worst.
 *   PO_RANK_LEGAL      the 实施意见 三(二) ranking as the bureau applies it
 *                      (`rank --db` by default, the evaluation's worst-20 %
 *                      fact, the UI): a missing fact is never a verdict, so an
 *                      enterprise is NOT ranked and NOT flagged when
 *                        - its value added is not recorded     value_added_missing
 *                        - it reported no energy for the year  energy_not_reported
 *                        - its energy use is zero              energy_zero
 *                      It goes to the 数据待补 work list instead.  A loss-making
 *                      enterprise (value added <= 0 with energy use) is a
 *                      real case the city decides (data/city_params.csv
 *                      loss_making_ranking): PO_LOSS_REVIEW leaves it out of
 *                      the ranking, listed for review (loss_review);
 *                      PO_LOSS_RANKED_WORST ranks it as worst, before every
 *                      intensity (the benchmark's order for it).
 *
 * The population, its count and the cut (ceil(N × P / 100), P the city's
 * intensity_worst_pct) are those of the
 * ranked enterprises only: ranked.n, ranked.nflagged.  Within the ranked
 * ones the order is the benchmark's (core/rank.h), so both policies agree on
 * a city where nobody is left out.
 *
 * Pure: no I/O.  Everything lives in the arena given.
 *
 * Errors: po_rank_legal_compute returns PO_EINVAL (too many enterprises, or as po_rank_compute) or
 * PO_ENOMEM; the _parse functions return 0 or -1 without a message; names are static strings.
 */
#ifndef PO_RANK_LEGAL_H
#define PO_RANK_LEGAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/rank.h"

enum po_rank_policy { PO_RANK_LEGAL = 0, PO_RANK_BENCHMARK };

/* How loss-making enterprises are treated (city parameter loss_making_ranking). */
enum po_rank_loss { PO_LOSS_REVIEW = 0, PO_LOSS_RANKED_WORST };

/* Why an enterprise is not ranked; PO_RX_RANKED: it is. */
enum po_rank_reason {
    PO_RX_RANKED = 0,
    PO_RX_VALUE_ADDED_MISSING,
    PO_RX_ENERGY_NOT_REPORTED,
    PO_RX_ENERGY_ZERO,
    PO_RX_LOSS_REVIEW,
    PO_RX_N
};

struct po_rank_legal_ent {
    struct po_rank_ent e;
    const char *name;     /* the enterprise's name, for the lists (may be NULL) */
    bool energy_reported; /* at least one energy record in the year */
};

struct po_rank_legal {
    struct po_rank_result ranked;       /* over the ranked enterprises only (ents are copies) */
    const uint32_t *ranked_from;        /* ranked.ents[i] is in[ranked_from[i]] */
    const struct po_rank_legal_ent *in; /* the input (not copied) */
    size_t n;                           /* enterprises given */
    enum po_rank_reason *reason;        /* per input index */
    uint32_t *excluded;                 /* input indices of those not ranked, input order */
    size_t nexcluded;
    size_t by_reason[PO_RX_N]; /* [PO_RX_RANKED] = ranked.n */
    enum po_rank_loss loss;
};

/* The reason for one enterprise under the legal policy (pure, for lists and tests). */
enum po_rank_reason po_rank_legal_reason(const struct po_rank_ent *e, bool energy_reported,
                                         enum po_rank_loss loss);

/*
 * Rank in[0..n) under the legal policy, flagging the worst worst_pct
 * percent of those ranked.  in must outlive out.  Errors as
 * po_rank_compute() (PO_EINVAL for a negative T or a bad share, PO_ENOMEM).
 */
int po_rank_legal_compute(struct po_rank_legal *out, const struct po_rank_legal_ent *in, size_t n,
                          enum po_rank_loss loss, int worst_pct, struct po_arena *a,
                          struct po_err *err);

/* Whether ranked.ents[i] is loss-making (value added <= 0), ranked worst by the city's choice. */
bool po_rank_legal_loss_ranked(const struct po_rank_legal *r, size_t ranked_index);

/* "value_added_missing", "energy_not_reported", "energy_zero", "loss_review"; "" for ranked. */
const char *po_rank_reason_tag(enum po_rank_reason r);
/* 增加值未记录 / 能耗未报送 / 能耗为零 / 亏损企业待审 */
const char *po_rank_reason_zh(enum po_rank_reason r);
const char *po_rank_reason_en(enum po_rank_reason r);
/*
 * The data items a reason leaves unknown, tags of data/fact_sources.csv as
 * po_finding.missing takes them: "value_added", "energy_use" (not reported
 * or zero), "loss_review"; "value_added|energy_use" when value added is
 * missing and the energy is not reported or zero (energy_ok false).  NULL
 * for PO_RX_RANKED.
 */
const char *po_rank_reason_missing(enum po_rank_reason r, bool energy_ok);

const char *po_rank_policy_name(enum po_rank_policy p);            /* "legal", "benchmark" */
int po_rank_policy_parse(enum po_rank_policy *out, const char *s); /* 0 or -1 */
const char *po_rank_loss_name(enum po_rank_loss l);                /* "review", "ranked_worst" */
int po_rank_loss_parse(enum po_rank_loss *out, const char *s);     /* 0 or -1 */

#endif

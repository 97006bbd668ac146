/*
 * rank.h: the annual energy-intensity ranking (能耗强度排名) and its totals.
 *
 * Every production enterprise of a jurisdiction is ranked by energy use per
 * 10k yuan of value added, worst first, and the worst share the city sets
 * (data/city_params.csv intensity_worst_pct, from the opinion's 三(二)),
 * rounded up, is flagged for factor-supply control and production limits.  The rules are
 * those of the benchmark workload (../shared/bench/WORKLOAD.md §3-§4), and
 * the three CSVs po_rank_format() writes are byte-identical to its oracle:
 *
 *   T  exact energy use, tce × 10^8 (tce_e8), >= 0
 *   V  value added, 10k yuan × 100 (va_c), or unknown (missing row/field)
 *   I  intensity, (tce / 10k yuan) × 10^6 = round-half-up(T / V)
 *      = (2T + V) div 2V, defined only when V is known and V > 0
 *
 * Order (rank 1 = worst): I undefined first (missing, zero or negative value
 * added: an enterprise that cannot show its intensity ranks as worst), then
 * I descending, then T descending (exact, not rounded), then uscc ascending
 * in byte order.  Ranks are 1..N with no ties; flagged = rank <= ceil(N × P
 * / 100) for the share P in percent (the workload's P is the shipped one,
 * so its cut is ceil(N/5)).  District and industry totals count enterprises and
 * flagged ones and sum the exact T; printed tce rounds half up once, at
 * output: (T + 5000) div 10000 in 10^-4 tce.
 *
 * Where T comes from is the caller's business: `phaseout rank --from` sums
 * a folder of CSVs (cmd_rank.c), `rank --db` sums the database.  Pure: no
 * I/O, no clock, no globals; thread-safe on distinct results.
 *
 * Typical use:
 *
 *     struct po_rank_result r;
 *     if (po_rank_compute(&r, ents, n, params.intensity_worst_pct, arena, &err) < 0) ...
 *     po_rank_format(&buf, &r, PO_RANK_RESULT_CSV);   // then write buf
 *
 * Memory: the result's arrays live in the arena given and point at the input, which must outlive
 * it.  Errors: po_rank_compute returns PO_EINVAL or PO_ENOMEM (below); po_rank_format's failure is
 * sticky in the buffer.
 */
#ifndef PO_RANK_H
#define PO_RANK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

struct po_arena;

/* One enterprise, as the caller computed it.  The slices must outlive the result. */
struct po_rank_ent {
    struct po_str uscc;     /* the key printed in result.csv (18 chars, not checked here) */
    struct po_str district; /* district_code, printed as is in district.csv */
    struct po_str industry; /* industry_code, printed as is in industry.csv */
    int64_t tce_e8;         /* T: exact tce × 10^8, >= 0 (0 when no energy rows) */
    int64_t va_c;           /* V: value added in 10k yuan × 100; only read when va_known */
    bool va_known;          /* false: no value-added row, or an empty field */
};

/* One line of district.csv or industry.csv. */
struct po_rank_group {
    struct po_str code;
    size_t enterprises;
    size_t flagged;
    int64_t tce_e8; /* exact Σ T of the group's enterprises */
};

/* The ranking.  Everything lives in the arena given to po_rank_compute(). */
struct po_rank_result {
    const struct po_rank_ent *ents; /* the input (not copied) */
    size_t n;                       /* enterprises */
    size_t nflagged;                /* ceil(n × worst_pct / 100): ranks 1..nflagged are flagged */
    int worst_pct;                  /* the share asked for, 1..100 */
    uint32_t *order;                /* order[r] = index in ents of rank r + 1 */
    int64_t *intensity_e6;          /* per ents index: I, or -1 when undefined */
    struct po_rank_group *districts, *industries; /* sorted by code, byte order */
    size_t ndistricts, nindustries;
};

/*
 * Rank ents[0..n) and total them by district and by industry, flagging the
 * worst worst_pct percent (1..100, the caller's city parameter).  ents must
 * stay alive and unchanged as long as out is used.  Returns 0, or
 *   PO_EINVAL  a negative T, n too large (> UINT32_MAX), worst_pct out of
 *              range, or a group total that overflows int64 (err names the
 *              enterprise or group)
 *   PO_ENOMEM
 * with err filled (out is then unusable).  n == 0 is a valid, empty ranking.
 */
int po_rank_compute(struct po_rank_result *out, const struct po_rank_ent *ents, size_t n,
                    int worst_pct, struct po_arena *a, struct po_err *err);

/* Whether the enterprise at rank (1-based, order[rank - 1]) is flagged. */
static inline bool po_rank_flagged(const struct po_rank_result *r, size_t rank)
{
    return rank >= 1 && rank <= r->nflagged;
}

enum po_rank_file {
    PO_RANK_RESULT_CSV,   /* uscc,tce,intensity,rank,flagged — by rank */
    PO_RANK_DISTRICT_CSV, /* district_code,enterprises,flagged,tce — by code */
    PO_RANK_INDUSTRY_CSV, /* industry_code,enterprises,flagged,tce — by code */
};

/*
 * Append the whole file `which` (header included) to b, in exactly the
 * workload's bytes: tce "%d.%04d", intensity "%d.%06d" or empty, "\n" line
 * ends, no quoting.  Failure (out of memory) is sticky in b: check
 * po_buf_failed(b).
 */
void po_rank_format(struct po_buf *b, const struct po_rank_result *r, enum po_rank_file which);

/* File name of `which` in OUTDIR: "result.csv", "district.csv", "industry.csv". */
const char *po_rank_file_name(enum po_rank_file which);

/* Byte-order comparison of slices (a prefix sorts first), as the workload sorts; <0, 0, >0. */
int po_rank_str_cmp(struct po_str a, struct po_str b);

/*
 * Append v (>= 0, in units of 10^-decimals) as "I.DDD" with exactly
 * `decimals` digits after the point (1..18); shared with meter.c.
 */
void po_rank_put_fixed(struct po_buf *b, int64_t v, int decimals);

#endif

/*
 * acct_cache.h: a year's accounting, ranking and barometer for the HTTP
 * API, computed once per process and state of the database.
 *
 * Accounting a year reads every energy record of it (and of the years the
 * barometer compares with): seconds at a province's scale, far too slow per
 * request.  The result is kept, compactly, per (year, fingerprint).  The
 * fingerprint is read from the database on every request with one cheap
 * query (indexed maxima: import batches, revisions of updated registry rows,
 * case events, audit rows other than logins and logouts; the number of
 * target rows); every write that can change an
 * account moves one of them, so several servers on one database agree and
 * a write is seen by the next request.  A mutex guards the cache; when
 * several threads miss together one computes and the others wait for it.
 *
 * The figures are those of `phaseout account` (po_account_run), `phaseout
 * rank --db` (po_rankdb_legal: the legal ranking policy) and `phaseout barometer`
 * (po_barometer_db_run): the same functions, not a copy of them.
 *
 * Memory: a view from po_acct_view_get() is shared and read-only, the
 * cache's: hand it back with po_acct_view_put() (it is freed when evicted
 * and no request holds it).  po_acct_body_put() copies key and body.
 * Errors: the int functions return 0 or a negative PO_E* with err filled —
 * the store's codes, PO_ENOMEM, PO_EINTERNAL (a ranked enterprise missing
 * from the accounting), and the policy and accounting's errors of the year.
 */
#ifndef PO_HTTP_ACCT_CACHE_H
#define PO_HTTP_ACCT_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/http.h"

#define PO_ACCT_FP_MAX 160

/* One enterprise in a year (every registered one, whatever its status). */
struct po_acct_row {
    const char *uscc, *name, *district, *industry, *status;
    bool has_energy;
    int64_t tce_e4; /* total consumption under the year's policy, tce × 10^4 */
    bool co2_complete;
    int64_t co2_t_e3; /* t CO2 × 10^3 */
    bool has_va;
    int64_t va_micro; /* value added, 10k yuan × 10^6 */
    bool has_intensity;
    int64_t intensity_e6; /* tce per 10k yuan × 10^6 */
    unsigned notes;       /* PO_NOTE_* */
    const char *low_conf; /* JSON array of the low-confidence figures used, or NULL */
    uint32_t rank;        /* city-wide, 1 = worst; 0: not ranked (closed or exited, or left
                             out by the legal ranking: rank_reason) */
    bool worst20;
    unsigned char rank_reason; /* enum po_rank_reason: why a production enterprise is not
                                  ranked (PO_RX_RANKED: it is, or it is closed / exited) */
    bool rank_loss_worst;      /* ranked, loss-making, ranked worst by loss_making_ranking */
    const char *rank_missing;  /* with rank_reason: the data items missing (fact tags) */
    int64_t rank_intensity_e6; /* the ranking's intensity, -1: undefined (ranks worst) */
    int64_t rank_tce_e4;       /* the ranking's energy (intensity numerator), tce × 10^4 */
};

/* Sums over every registered enterprise (po_barometer_add), for users who see the whole registry.
 */
struct po_acct_totals {
    size_t enterprises;
    bool has_energy;
    int64_t tce_e4;
    bool co2_complete;
    int64_t co2_t_e3;
    int64_t va_micro;
    bool has_intensity;
    int64_t intensity_e6;
    const char *city; /* the one city-level area's code, or NULL (none, or several) */
};

struct po_acct_view {
    int year;
    struct po_acct_row *rows; /* by USCC */
    size_t n;
    uint32_t *ranked; /* rows index of rank r at ranked[r - 1] */
    size_t nranked, nworst20;
    bool has_cut;
    int64_t cut_e6; /* intensity of the last enterprise in the worst group */
    int worst_pct;  /* the city's share flagged (intensity_worst_pct) */
    char worst_from[11], worst_confidence[16]; /* its row's effective_from and confidence */
    uint32_t *excluded; /* rows indices of the production enterprises not ranked */
    size_t nexcluded;
    int loss_making;          /* enum po_rank_loss of the year (city_params.csv) */
    char loss_from[11];       /* its effective_from */
    char loss_confidence[16]; /* its confidence */
    const char **area_json;   /* per barometer area: po_barometer_area_json text */
    const char **area_level;  /* its district level ("city", "district", ...) */
    const char **area_code;
    size_t nareas;
    struct po_acct_totals all;
    const char *policy_json; /* {"low_confidence":[{what,source}],"targets":"table"|"default"} */
};

/* The database's state (see above) as text into buf[PO_ACCT_FP_MAX]. */
int po_acct_fingerprint(char *buf, struct po_store *st, struct po_err *err);

/* The latest year with energy data (0: none), cached under the fingerprint. */
int po_acct_latest_year(int *out, struct po_store *st, const char *fp, struct po_err *err);

/* The year's view (computed on a miss); give it back with po_acct_view_put. */
int po_acct_view_get(const struct po_acct_view **out, struct po_store *st, int year, const char *fp,
                     struct po_err *err);
void po_acct_view_put(const struct po_acct_view *v);

/*
 * Whole answers kept under a key that holds the fingerprint: on a hit the
 * body and its ETag go into resp (304 when If-None-Match matches).
 */
bool po_acct_body_get(struct po_req *req, struct po_resp *resp, const char *key);
void po_acct_body_put(const char *key, const struct po_resp *resp);

#endif

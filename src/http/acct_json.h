/*
 * acct_json.h: what the accounting routes (api_account.c, acct_dash.c)
 * share — the year and cached view of a request, and the JSON of an
 * enterprise's account and of the barometer's areas.
 *
 * Memory: each json_t * returned is a new reference (json_decref it, or
 * steal it into a response); the cached view in struct po_acct_req is
 * held from po_acct_begin() until po_acct_end() (safe also after a failed
 * begin).  Errors: no po_err — po_acct_begin() returns -1
 * with the answer in resp (400 for a bad ?year, the store's error as
 * po_resp_err makes it); the JSON builders return NULL only out of memory.
 */
#ifndef PO_HTTP_ACCT_JSON_H
#define PO_HTTP_ACCT_JSON_H

#include "http/acct_cache.h"
#include "http/http.h"

struct po_acct_req {
    char fp[PO_ACCT_FP_MAX];
    int year;
    const char *scope; /* the user's district, or NULL */
    const struct po_acct_view *v;
};

/*
 * The database's fingerprint and the year asked (`year`, default the latest
 * with energy data); with view, the year's cached accounting too.  -1 with
 * resp filled on error; release with po_acct_end.
 */
int po_acct_begin(struct po_acct_req *c, struct po_req *req, struct po_resp *resp, bool view);
void po_acct_end(struct po_acct_req *c);

/* v × 10^-scale as a JSON number; null when !set. */
json_t *po_acct_num(bool set, int64_t v, int scale);

/* Whether the row is in the user's district (always, for city-wide users). */
bool po_acct_row_visible(const struct po_acct_req *c, const struct po_acct_row *r);

/* {uscc,name,district_code,industry_code,status,tce,co2_t,value_added_wan,intensity,rank,worst20,
   notes,confidence[,low_confidence]} */
json_t *po_acct_row_json(const struct po_acct_row *r);

/*
 * The ranking's summary (docs/api.md): {policy, ranked, cut_rank, cut_intensity,
 * excluded_by_reason[{reason,label_zh,label_en,missing,count}], loss_making{param,value,
 * effective_from,confidence}}; the counts of those left out are over the rows the user sees
 * (district filter too), ranked and the cut are the city's.  *excluded: those rows
 * [{uscc,name,district_code,reason,label_zh,label_en,missing}], in USCC order.
 */
json_t *po_acct_rank_summary(const struct po_acct_req *c, const char *district, json_t **excluded);

/* The barometer's areas the user may see (docs/api.md), as a JSON array. */
json_t *po_acct_barometer_items(const struct po_acct_req *c);

/* The year's policy note: {"low_confidence":[...],"targets":"table"|"default"}. */
json_t *po_acct_policy(const struct po_acct_req *c);

/* Today (UTC) as YYYY-MM-DD into buf[11]. */
void po_acct_today(char *buf, const struct po_req *req);

/* ---- acct_dash.c ---- */
void po_acct_dashboard(struct po_req *req, struct po_resp *resp);
void po_acct_credit_lists(struct po_req *req, struct po_resp *resp);

#endif

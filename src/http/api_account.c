/*
 * api_account.c: accounts, the intensity ranking, the dual-control
 * barometer, the dashboard and the credit lists (docs/api.md "Accounting,
 * ranking, dual control").
 *
 * Every figure comes from the year's cached accounting (acct_cache.h): the
 * CLI's own computations, done once per state of the database.  A district
 * officer sees its district's enterprises with their city-wide rank, and
 * its district's totals only.
 */
#include "http/acct_json.h"
#include "http/api.h"

#include "app/account_db.h"
#include "util/arena.h"

#include <stdlib.h>
#include <string.h>

/* ---- accounts ---- */

#define ACCT_SORTS "tce,co2_t,intensity,value_added_wan,name,rank,uscc"

struct item {
    const struct po_acct_row *r;
    bool has;
    int64_t key;
};

static _Thread_local bool sort_desc, sort_name;

static int item_cmp(const void *pa, const void *pb)
{
    const struct item *a = pa, *b = pb;
    if (a->has != b->has)
        return a->has ? -1 : 1; /* figures first, then the enterprises without one */
    int c = 0;
    if (sort_name)
        c = strcmp(a->r->name, b->r->name);
    else if (a->has)
        c = (a->key > b->key) - (a->key < b->key);
    if (c)
        return sort_desc ? -c : c;
    return strcmp(a->r->uscc, b->r->uscc);
}

static struct item sort_key(const struct po_acct_row *r, const char *sort)
{
    struct item it = { r, true, 0 };
    if (!sort || !strcmp(sort, "uscc") || !strcmp(sort, "name"))
        return it;
    if (!strcmp(sort, "tce"))
        it.has = r->has_energy, it.key = r->tce_e4;
    else if (!strcmp(sort, "co2_t"))
        it.has = r->has_energy && r->co2_complete, it.key = r->co2_t_e3;
    else if (!strcmp(sort, "intensity"))
        it.has = r->has_intensity, it.key = r->intensity_e6;
    else if (!strcmp(sort, "value_added_wan"))
        it.has = r->has_va, it.key = r->va_micro;
    else if (!strcmp(sort, "rank"))
        it.has = r->rank != 0, it.key = r->rank;
    return it;
}

/* The query's district and q filters, beside the scope. */
static bool acct_match(const struct po_acct_req *c, struct po_req *req, const struct po_acct_row *r)
{
    const char *d = po_req_query(req, "district"), *q = po_req_query(req, "q");
    return po_acct_row_visible(c, r) && (!d || !strcmp(d, r->district)) &&
           (!q || strstr(r->name, q) || strstr(r->uscc, q));
}

static void accounts(struct po_req *req, struct po_resp *resp)
{
    struct po_page pg;
    struct po_acct_req c;
    if (po_req_page(&pg, req, resp, ACCT_SORTS) < 0 || po_acct_begin(&c, req, resp, true) < 0)
        return;
    struct item *it = po_arena_calloc(req->a, c.v->n ? c.v->n : 1, sizeof(*it));
    size_t n = 0;
    for (size_t i = 0; it && i < c.v->n; i++)
        if (acct_match(&c, req, &c.v->rows[i]))
            it[n++] = sort_key(&c.v->rows[i], pg.sort);
    sort_desc = pg.desc;
    sort_name = pg.sort && !strcmp(pg.sort, "name");
    if (it)
        qsort(it, n, sizeof(*it), item_cmp);
    json_t *items = json_array();
    for (size_t i = (size_t)pg.offset; it && i < n && i < (size_t)(pg.offset + pg.per_page); i++) {
        json_t *o = po_acct_row_json(it[i].r);
        json_object_set_new(o, "year", json_integer(c.year));
        json_array_append_new(items, o);
    }
    po_acct_end(&c);
    po_resp_list(req, resp, items, (int64_t)n, &pg);
}

/* ---- ranking ---- */

static json_t *rank_item(const struct po_acct_row *r)
{
    json_t *o =
        json_pack("{s:I,s:s,s:s,s:s,s:s}", "rank", (json_int_t)r->rank, "uscc", r->uscc, "name",
                  r->name, "district_code", r->district, "industry_code", r->industry);
    json_object_set_new(o, "intensity",
                        po_acct_num(r->rank_intensity_e6 >= 0, r->rank_intensity_e6, 6));
    json_object_set_new(o, "tce", po_acct_num(true, r->rank_tce_e4, 4));
    json_object_set_new(o, "value_added_wan", po_acct_num(r->has_va, r->va_micro, 6));
    json_object_set_new(o, "worst20", json_boolean(r->worst20));
    /* a loss-making firm the city ranks worst (loss_making_ranking = ranked_worst) says so */
    json_object_set_new(o, "rank_reason",
                        r->rank_loss_worst ? json_string("loss_ranked_worst") : json_null());
    json_object_set_new(o, "rank_reason_zh",
                        r->rank_loss_worst ? json_string("亏损企业（按城市参数排为最差）")
                                           : json_null());
    json_object_set_new(o, "confidence", json_string(r->low_conf ? "low" : "normal"));
    return o;
}

static void ranking(struct po_req *req, struct po_resp *resp)
{
    struct po_page pg;
    struct po_acct_req c;
    if (po_req_page(&pg, req, resp, NULL) < 0 || po_acct_begin(&c, req, resp, true) < 0)
        return;
    const char *d = po_req_query(req, "district");
    json_t *items = json_array();
    int64_t total = 0;
    for (size_t k = 0; k < c.v->nranked; k++) {
        const struct po_acct_row *r = &c.v->rows[c.v->ranked[k]];
        if (!po_acct_row_visible(&c, r) || (d && strcmp(d, r->district)))
            continue;
        if (total >= pg.offset && total < pg.offset + pg.per_page)
            json_array_append_new(items, rank_item(r));
        total++;
    }
    json_t *excluded = NULL;
    json_t *summary = po_acct_rank_summary(&c, d, &excluded);
    json_t *j = json_pack("{s:i,s:o,s:o,s:o,s:I,s:I,s:o,s:I,s:I,s:I,s:o}", "year", c.year,
                          "summary", summary, "excluded", excluded, "cut_line_intensity",
                          po_acct_num(c.v->has_cut, c.v->cut_e6, 6), "n_ranked",
                          (json_int_t)c.v->nranked, "n_worst20", (json_int_t)c.v->nworst20, "items",
                          items, "total", (json_int_t)total, "page", (json_int_t)pg.page,
                          "per_page", (json_int_t)pg.per_page, "policy", po_acct_policy(&c));
    po_acct_end(&c);
    po_resp_json(req, resp, 200, j, true);
}

/* ---- barometer ---- */

static void barometer(struct po_req *req, struct po_resp *resp)
{
    struct po_acct_req c;
    if (po_acct_begin(&c, req, resp, true) < 0)
        return;
    json_t *items = po_acct_barometer_items(&c);
    json_t *j = json_pack("{s:i,s:o,s:I,s:o}", "year", c.year, "items", items, "total",
                          (json_int_t)json_array_size(items), "policy", po_acct_policy(&c));
    po_acct_end(&c);
    po_resp_json(req, resp, 200, j, true);
}

/* ---- the enterprise detail's energy section ---- */

static int row_by_uscc(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const struct po_acct_row *)elem)->uscc);
}

static json_t *energy_year(const struct po_acct_view *v, const char *uscc)
{
    const struct po_acct_row *r = bsearch(uscc, v->rows, v->n, sizeof(*v->rows), row_by_uscc);
    if (!r)
        return NULL;
    json_t *o = po_acct_row_json(r);
    json_object_set_new(o, "year", json_integer(v->year));
    static const char *const drop[] = { "uscc", "name", "district_code", "industry_code",
                                        "status" };
    for (size_t i = 0; i < sizeof(drop) / sizeof(drop[0]); i++)
        json_object_del(o, drop[i]);
    return o;
}

json_t *po_api_enterprise_energy(struct po_req *req, struct po_resp *resp, const char *uscc)
{
    struct po_err err = PO_ERR_INIT;
    int *years = NULL;
    size_t ny = 0;
    if (po_account_db_years(&years, &ny, req->st, uscc, req->a, &err) < 0) {
        po_resp_err(req, resp, &err);
        return NULL;
    }
    char fp[PO_ACCT_FP_MAX];
    json_t *out = json_array();
    int rc = po_acct_fingerprint(fp, req->st, &err);
    for (size_t i = 0; i < ny; i++) {
        const struct po_acct_view *v = NULL;
        if (rc == 0 && (rc = po_acct_view_get(&v, req->st, years[i], fp, &err)) == 0) {
            json_t *o = energy_year(v, uscc);
            if (o)
                json_array_append_new(out, o);
        }
        po_acct_view_put(v);
    }
    if (rc < 0) {
        json_decref(out);
        po_resp_err(req, resp, &err);
        return NULL;
    }
    return out;
}

const struct po_route po_routes_account[] = {
    { "GET", "/api/v1/accounts", accounts, PO_P_READ_REGISTRY, PO_RF_LIST, "accounting",
      "Per-enterprise energy account of a year: tce, CO2, value added, intensity, city-wide rank",
      "year,district,q", ACCT_SORTS },
    { "GET", "/api/v1/ranking", ranking, PO_P_READ_REGISTRY, PO_RF_LIST, "accounting",
      "The year's intensity ranking, worst first, with the city's worst share and the cut line",
      "year,district", NULL },
    { "GET", "/api/v1/barometer", barometer, PO_P_READ_REGISTRY, 0, "accounting",
      "Dual-control barometer per district: red/yellow/green with the figures", "year", NULL },
    { "GET", "/api/v1/dashboard", po_acct_dashboard, PO_P_READ_REGISTRY, 0, "accounting",
      "Everything the dashboard shows: totals, barometer, intensity histogram, exits, cases",
      "year", NULL },
    { "GET", "/api/v1/credit-lists", po_acct_credit_lists, PO_P_READ_CREDIT, PO_RF_LIST,
      "accounting",
      "Credit lists: missed exit deadlines, the worst by intensity, closed enterprises",
      "year,list", NULL },
    { NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL },
};

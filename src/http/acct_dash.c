/*
 * acct_dash.c: the dashboard and the credit lists (docs/api.md).
 *
 * The year's accounting is the cached view (acct_cache.h); the counts over
 * cases and exits are app/dashboard.h's.  The dashboard's whole answer is
 * cached under (year, district, today, the database's fingerprint).
 */
#include "http/acct_json.h"
#include "http/api.h"

#include "app/dashboard.h"
#include "refdata/cityparams.h"
#include "util/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HIST_BINS 20

/* A list of app/dashboard.h for the request's scope; NULL with resp filled on error. */
typedef json_t *dash_fn(struct po_store *st, struct po_arena *a, const char *scope,
                        struct po_err *err);

static json_t *answered(json_t *rows, struct po_req *req, struct po_resp *resp,
                        const struct po_err *err)
{
    if (!rows)
        po_resp_err(req, resp, err);
    return rows;
}

static json_t *dash_list(dash_fn *fn, struct po_req *req, struct po_resp *resp,
                         const struct po_acct_req *c)
{
    struct po_err err = PO_ERR_INIT;
    return answered(fn(req->st, req->a, c->scope, &err), req, resp, &err);
}

static int64_t day_number(const char *ymd)
{
    struct tm tm = { 0 };
    if (!ymd || sscanf(ymd, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (int64_t)timegm(&tm) / 86400;
}

/* Cases whose deadline is in [from, to] (to NULL: before from), with days_left. */
static json_t *cases_due(struct po_req *req, struct po_resp *resp, const struct po_acct_req *c,
                         const char *today, const char *from, const char *to)
{
    struct po_err err = PO_ERR_INIT;
    json_t *rows = answered(po_dashboard_cases_due(req->st, req->a, c->scope, from, to, &err), req,
                            resp, &err);
    size_t i;
    json_t *r;
    int64_t t0 = day_number(today);
    json_array_foreach(rows, i, r)
    {
        json_object_set_new(
            r, "days_left",
            json_integer(day_number(json_string_value(json_object_get(r, "deadline"))) - t0));
        po_api_deadline_note(r);
    }
    return rows;
}

/* A round bin width (1, 2 or 5 × 10^k, in 10^-6) that puts hi into at most HIST_BINS bins. */
static int64_t bin_width(int64_t hi)
{
    for (int64_t p = 1;; p *= 10)
        for (int m = 1; m <= 5; m += m == 1 ? 1 : 3)
            if (p * m * HIST_BINS > hi || p > INT64_MAX / 100)
                return p * m;
}

static int i64_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The ranked enterprises' intensities in bins; past the 98th percentile one open bin. */
static json_t *intensity_hist(struct po_req *req, const struct po_acct_req *c)
{
    const struct po_acct_view *v = c->v;
    int64_t *x = po_arena_calloc(req->a, v->nranked ? v->nranked : 1, sizeof(*x));
    size_t n = 0, undefined = 0;
    for (size_t k = 0; x && k < v->nranked; k++) {
        const struct po_acct_row *r = &v->rows[v->ranked[k]];
        if (po_acct_row_visible(c, r) && r->rank_intensity_e6 < 0)
            undefined++;
        else if (po_acct_row_visible(c, r))
            x[n++] = r->rank_intensity_e6;
    }
    json_t *bins = json_array();
    if (n) {
        qsort(x, n, sizeof(*x), i64_cmp);
        int64_t hi = x[(n - 1) * 98 / 100], w = bin_width(hi);
        int64_t nb = hi / w + 1; /* <= HIST_BINS */
        bool open = x[n - 1] >= nb * w;
        size_t i = 0;
        for (int64_t b = 0; b < nb; b++) {
            size_t cnt = 0;
            bool last = b + 1 == nb;
            for (; i < n && (last || x[i] < (b + 1) * w); i++)
                cnt++;
            json_array_append_new(bins,
                                  json_pack("{s:o,s:o,s:I}", "from", po_acct_num(true, b * w, 6),
                                            "to", po_acct_num(!(last && open), (b + 1) * w, 6),
                                            "count", (json_int_t)cnt));
        }
    }
    return json_pack("{s:o,s:o,s:I}", "bins", bins, "cut_line",
                     po_acct_num(v->has_cut, v->cut_e6, 6), "undefined", (json_int_t)undefined);
}

/* The officer's district's totals, from its barometer area. */
static json_t *district_totals(const struct po_acct_req *c, json_t *baro)
{
    size_t i;
    json_t *a, *o = json_object();
    json_array_foreach(baro, i, a)
    {
        if (strcmp(json_string_value(json_object_get(a, "district_code")), c->scope) != 0)
            continue;
        json_object_set_new(o, "district_code", json_string(c->scope));
        json_object_set(o, "energy_tce", json_object_get(a, "tce"));
        json_object_set(o, "co2_t", json_object_get(a, "co2_t"));
        json_object_set(o, "value_added_wan", json_object_get(a, "value_added_10k_yuan"));
        json_object_set(o, "intensity", json_object_get(a, "intensity"));
        json_object_set(o, "enterprises", json_object_get(a, "enterprises"));
        break;
    }
    return o;
}

/* The totals of every registered enterprise (the city, or a province's data). */
static json_t *totals(const struct po_acct_req *c, json_t *baro)
{
    if (c->scope)
        return district_totals(c, baro);
    const struct po_acct_totals *t = &c->v->all;
    json_t *o =
        json_pack("{s:o,s:I}", "district_code", t->city ? json_string(t->city) : json_null(),
                  "enterprises", (json_int_t)t->enterprises);
    json_object_set_new(o, "energy_tce", po_acct_num(t->has_energy, t->tce_e4, 4));
    json_object_set_new(o, "co2_t", po_acct_num(t->has_energy && t->co2_complete, t->co2_t_e3, 3));
    json_object_set_new(o, "value_added_wan", po_acct_num(t->has_energy, t->va_micro, 6));
    json_object_set_new(o, "intensity", po_acct_num(t->has_intensity, t->intensity_e6, 6));
    return o;
}

/* The barometer's columns the dashboard shows (the full rows: GET /api/v1/barometer). */
static json_t *slim(json_t *baro)
{
    static const char *const keep[] = {
        "district_code",
        "district_name",
        "area_level",
        "level",
        "level_zh",
        "intensity_reason",
        "intensity_reason_zh",
        "energy_tce",
        "energy_cap_tce",
        "cap_share_pct",
        "total_level",
        "total_level_zh",
        "total_reason",
        "total_reason_zh",
        "intensity_level",
        "intensity_level_zh",
        "warning_level",
        "warning_level_zh",
        "warning_basis",
        "warning_basis_zh",
        "intensity",
        "intensity_reduction_pct",
        "intensity_target_pct",
        "progress_pct",
        "value_added_10k_yuan",
        "co2_t",
        "enterprises",
    };
    size_t i;
    json_t *a, *out = json_array();
    json_array_foreach(baro, i, a)
    {
        json_t *o = json_object();
        for (size_t k = 0; k < sizeof(keep) / sizeof(keep[0]); k++)
            json_object_set(o, keep[k], json_object_get(a, keep[k]));
        json_array_append_new(out, o);
    }
    json_decref(baro);
    return out;
}

static json_t *dashboard_json(struct po_req *req, struct po_resp *resp, const struct po_acct_req *c,
                              const char *today)
{
    char soon[11];
    struct po_city_params cp; /* "due soon" is the city's second reminder window */
    struct po_err perr = PO_ERR_INIT;
    if (po_cityparams_load(&cp, &perr) < 0) {
        po_resp_err(req, resp, &perr);
        return NULL;
    }
    time_t t = (time_t)(req->now + cp.reminder_late_days * 86400);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(soon, sizeof(soon), "%Y-%m-%d", &tm);
    json_t *exited = dash_list(po_dashboard_exited_capacity, req, resp, c);
    json_t *states = exited ? dash_list(po_dashboard_cases_by_state, req, resp, c) : NULL;
    json_t *due = states ? cases_due(req, resp, c, today, today, soon) : NULL;
    json_t *over = due ? cases_due(req, resp, c, today, today, NULL) : NULL;
    if (!over) {
        json_decref(exited), json_decref(states), json_decref(due);
        return NULL;
    }
    json_t *baro = po_acct_barometer_items(c);
    json_t *city = totals(c, baro);
    return json_pack("{s:i,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:i,s:o,s:o}", "year", c->year, "as_of",
                     today, "city", city, "barometer", slim(baro), "intensity_hist",
                     intensity_hist(req, c), "exited_capacity", exited, "cases_by_state", states,
                     "due_soon", due, "due_soon_days", cp.reminder_late_days, "overdue", over,
                     "policy", po_acct_policy(c));
}

void po_acct_dashboard(struct po_req *req, struct po_resp *resp)
{
    struct po_acct_req c;
    if (po_acct_begin(&c, req, resp, false) < 0)
        return;
    char today[11];
    po_acct_today(today, req);
    const char *key =
        po_arena_printf(req->a, "dash|%d|%s|%s|%s", c.year, c.scope ? c.scope : "", today, c.fp);
    if (key && po_acct_body_get(req, resp, key))
        return;
    struct po_err err = PO_ERR_INIT;
    if (po_acct_view_get(&c.v, req->st, c.year, c.fp, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    json_t *j = dashboard_json(req, resp, &c, today);
    po_acct_end(&c);
    if (!j)
        return;
    po_resp_json(req, resp, 200, j, true);
    if (key)
        po_acct_body_put(key, resp);
}

/* ---- credit lists ---- */

static json_t *missed_exit(struct po_req *req, struct po_resp *resp, const struct po_acct_req *c,
                           const char *today)
{
    struct po_err err = PO_ERR_INIT;
    json_t *rows =
        answered(po_dashboard_missed_exit(req->st, req->a, c->scope, today, &err), req, resp, &err);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        const char *ty = json_string_value(json_object_get(r, "case_type"));
        const char *st = json_string_value(json_object_get(r, "state"));
        const char *dl = json_string_value(json_object_get(r, "since"));
        json_int_t id = json_integer_value(json_object_get(r, "case_id"));
        json_object_set_new(r, "reason_zh",
                            json_sprintf("案件 %" JSON_INTEGER_FORMAT "（%s）期限 %s 已过，状态 %s",
                                         id, ty, dl, st));
        json_object_set_new(r, "reason_en",
                            json_sprintf("case %" JSON_INTEGER_FORMAT " (%s) deadline %s passed, "
                                         "state %s",
                                         id, ty, dl, st));
    }
    return rows;
}

static json_t *closed(struct po_req *req, struct po_resp *resp, const struct po_acct_req *c)
{
    json_t *rows = dash_list(po_dashboard_closed, req, resp, c);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        bool ex = !strcmp(json_string_value(json_object_get(r, "status")), "exited");
        json_object_set_new(r, "reason_zh", json_string(ex ? "企业已退出" : "企业已关停"));
        json_object_set_new(r, "reason_en",
                            json_string(ex ? "enterprise exited" : "enterprise closed"));
    }
    return rows;
}

static json_t *worst20(const struct po_acct_req *c)
{
    json_t *rows = json_array();
    char since[16];
    snprintf(since, sizeof(since), "%04d-12-31", c->year);
    for (size_t k = 0; k < c->v->nworst20; k++) {
        const struct po_acct_row *r = &c->v->rows[c->v->ranked[k]];
        if (!po_acct_row_visible(c, r))
            continue;
        json_t *o = json_pack("{s:s,s:s,s:s,s:I}", "uscc", r->uscc, "name", r->name,
                              "district_code", r->district, "rank", (json_int_t)r->rank);
        /* the legal ranking: only ranked enterprises are here, ranks among the ranked */
        const char *loss_zh = r->rank_loss_worst ? "（亏损企业，按城市参数排为最差）" : "";
        const char *loss_en = r->rank_loss_worst ? " (loss-making, ranked worst by the city)" : "";
        json_object_set_new(o, "reason_zh",
                            json_sprintf("%d 年单位增加值能耗排名第 %u 位（参加排名 %zu 家）%s，"
                                         "列后 %d%%",
                                         c->year, r->rank, c->v->nranked, loss_zh,
                                         c->v->worst_pct));
        json_object_set_new(o, "reason_en",
                            json_sprintf("%d energy-intensity rank %u of %zu ranked%s: in the "
                                         "worst %d%%",
                                         c->year, r->rank, c->v->nranked, loss_en,
                                         c->v->worst_pct));
        json_object_set_new(o, "since", json_string(since));
        json_array_append_new(rows, o);
    }
    return rows;
}

static const char *const list_names[] = { "missed_exit", "worst20", "closed" };

static json_t *one_list(struct po_req *req, struct po_resp *resp, const struct po_acct_req *c,
                        size_t which, const char *today)
{
    json_t *rows = which == 0   ? missed_exit(req, resp, c, today)
                   : which == 1 ? worst20(c)
                                : closed(req, resp, c);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) json_object_set_new(r, "list", json_string(list_names[which]));
    return rows;
}

void po_acct_credit_lists(struct po_req *req, struct po_resp *resp)
{
    struct po_page pg;
    const char *list = po_req_query(req, "list");
    size_t lo = 0, hi = 3;
    for (size_t k = 0; list && k < 3; k++)
        if (!strcmp(list, list_names[k]))
            lo = k, hi = k + 1;
    if (list && hi - lo != 1) {
        po_resp_error(req, resp, 400, "invalid", "list 应为 missed_exit、worst20 或 closed",
                      "list must be missed_exit, worst20 or closed",
                      json_pack("[{s:s,s:s,s:s}]", "field", "list", "message_zh", "取值无效",
                                "message_en", "invalid value"));
        return;
    }
    struct po_acct_req c;
    if (po_req_page(&pg, req, resp, NULL) < 0 || po_acct_begin(&c, req, resp, true) < 0)
        return;
    char today[11];
    po_acct_today(today, req);
    json_t *all = json_array();
    for (size_t k = lo; all && k < hi; k++) {
        json_t *rows = one_list(req, resp, &c, k, today);
        if (!rows || json_array_extend(all, rows) < 0) {
            json_decref(all);
            all = NULL;
        }
        json_decref(rows);
    }
    po_acct_end(&c);
    if (!all)
        return;
    json_t *items = json_array();
    for (size_t i = (size_t)pg.offset;
         i < json_array_size(all) && (int64_t)i < pg.offset + pg.per_page; i++)
        json_array_append(items, json_array_get(all, i));
    int64_t total = (int64_t)json_array_size(all);
    json_decref(all);
    po_resp_list(req, resp, items, total, &pg);
}

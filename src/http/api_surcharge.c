/*
 * api_surcharge.c: the month's electricity and water surcharges over HTTP (issue 15 §4;
 * app/surchargedb.h, report/surcharge_out.h) — the month's latest run with its rows and the diff
 * against the month before, a new run, one enterprise's explanation, the statement as CSV.
 *
 * Who sees what: reading, as the registry (a district officer its own district's rows, with the
 * totals of those rows); a new run, whoever may start an evaluation (PO_P_RUN_EVAL: the city
 * bureau), the computation being of the same kind.  Money is given as exact decimal text
 * ("133456.79"), never a binary floating-point number.
 */
#include "http/api.h"
#include "http/http.h"

#include "app/surchargedb.h"
#include "core/decimal.h"
#include "report/surcharge_out.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* ?month= or the body's month: YYYY-MM; false with a 422 in resp. */
static bool month_of(int *y, int *m, const char *s, struct po_req *req, struct po_resp *resp)
{
    int n = 0;
    if (s && strlen(s) == 7 && sscanf(s, "%4d-%2d%n", y, m, &n) == 2 && n == 7 && *y >= 1990 &&
        *y <= 2100 && *m >= 1 && *m <= 12)
        return true;
    po_resp_error(req, resp, 422, "invalid", "month 应为 YYYY-MM", "month must be YYYY-MM",
                  json_pack("[{s:s,s:s,s:s}]", "field", "month", "message_zh", "月份无效",
                            "message_en", "invalid month"));
    return false;
}

static json_t *dec(bool has, int64_t v)
{
    char b[40];
    if (!has)
        return json_null();
    po_dec_format(b, sizeof b, v);
    return json_string(b);
}

static json_t *yuan(bool has, int64_t v)
{
    char b[32];
    return has ? json_string(po_scout_yuan(b, sizeof b, v)) : json_null();
}

static json_t *row_json(const struct po_sc_stored_row *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "seq", json_integer(r->seq));
    json_object_set_new(o, "uscc", json_string(r->uscc));
    json_object_set_new(o, "name", json_string(r->name));
    json_object_set_new(o, "district_code", json_string(r->district));
    json_object_set_new(o, "utility", json_string(r->utility));
    json_object_set_new(o, "family", json_string(r->family));
    json_object_set_new(o, "rule_id", json_string(r->rule_id));
    json_object_set_new(o, "rule_version", json_integer(r->rule_version));
    json_object_set_new(o, "kind", json_string(r->kind));
    json_object_set_new(o, "sector", json_string(r->sector));
    json_object_set_new(o, "basis", json_string(r->basis));
    json_object_set_new(o, "quantity", dec(r->has_quantity, r->quantity_micro));
    json_object_set_new(o, "quantity_unit", json_string(r->quantity_unit));
    json_object_set_new(o, "quantity_source", json_string(r->quantity_source));
    json_object_set_new(o, "rate", dec(r->has_rate, r->rate_micro));
    json_object_set_new(o, "steps", json_integer(r->steps));
    json_object_set_new(o, "days", json_integer(r->days));
    json_object_set_new(o, "days_in_month", json_integer(r->days_in_month));
    json_object_set_new(o, "amount", yuan(r->has_amount, r->amount_micro));
    json_object_set_new(o, "status", json_string(r->status));
    json_object_set_new(o, "reason_zh", json_string(r->reason_zh));
    json_object_set_new(o, "reason_en", json_string(r->reason_en));
    json_object_set_new(o, "low_confidence", json_boolean(r->low_confidence));
    json_object_set_new(o, "document", json_string(r->document));
    json_object_set_new(o, "article", json_string(r->article));
    json_object_set_new(o, "finding_id", json_string(r->finding_id));
    return o;
}

/* The run with only the rows of district (NULL: all), its totals those of the rows kept. */
static struct po_sc_stored_run scoped(const struct po_sc_stored_run *run, const char *district,
                                      struct po_arena *a)
{
    struct po_sc_stored_run s = *run;
    if (!district)
        return s;
    s.rows = po_arena_calloc(a, run->nrows + 1, sizeof *s.rows);
    s.nrows = 0;
    s.nenterprises = s.ncomputed = s.ncannot = s.total_micro = 0;
    if (!s.rows)
        return s;
    for (size_t i = 0; i < run->nrows; i++) {
        const struct po_sc_stored_row *r = &run->rows[i];
        if (strcmp(r->district, district) != 0)
            continue;
        if (s.nrows == 0 || strcmp(s.rows[s.nrows - 1].uscc, r->uscc) != 0)
            s.nenterprises++;
        s.rows[s.nrows++] = *r;
        if (r->has_amount) {
            s.ncomputed++;
            s.total_micro += r->amount_micro;
        } else {
            s.ncannot++;
        }
    }
    return s;
}

static json_t *run_json(const struct po_sc_stored_run *r)
{
    char b[32];
    return json_pack("{s:I,s:i,s:i,s:s,s:s,s:s,s:s,s:o,s:I,s:I,s:I,s:s}", "id", (json_int_t)r->id,
                     "year", r->year, "month", r->month, "created_at", r->created_at, "actor",
                     r->actor, "rules_name", r->rules_name, "rules_sha256", r->rules_sha256,
                     "evaluation_run_id",
                     r->evaluation_run_id ? json_integer(r->evaluation_run_id) : json_null(),
                     "enterprises", (json_int_t)r->nenterprises, "computed",
                     (json_int_t)r->ncomputed, "cannot", (json_int_t)r->ncannot, "total",
                     po_scout_yuan(b, sizeof b, r->total_micro));
}

/* The diff against the previous month's latest run, or null when there is none. */
static json_t *diff_json(struct po_req *req, const struct po_sc_stored_run *cur,
                         const char *district, struct po_err *err)
{
    int py = cur->month == 1 ? cur->year - 1 : cur->year, pm = cur->month == 1 ? 12 : cur->month - 1;
    struct po_sc_stored_run prev;
    int rc = po_surchargedb_latest(&prev, req->st, py, pm, req->a, err);
    if (rc == PO_ENOTFOUND)
        return json_null();
    struct po_surchargedb_diff *d = NULL;
    size_t n = 0;
    struct po_sc_stored_run p = scoped(&prev, district, req->a);
    if (rc == 0)
        rc = po_surchargedb_diff(&d, &n, &p, cur, req->a, err);
    if (rc < 0)
        return NULL;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        char bf[32], af[32];
        json_array_append_new(
            items, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "uscc", d[i].uscc, "name", d[i].name,
                             "before", po_scout_yuan(bf, sizeof bf, d[i].before_micro), "after",
                             po_scout_yuan(af, sizeof af, d[i].after_micro), "new_rows",
                             d[i].new_rows, "gone_rows", d[i].gone_rows));
    }
    return json_pack("{s:I,s:i,s:i,s:o}", "run", (json_int_t)prev.id, "year", py, "month", pm,
                     "items", items);
}

static void answer(struct po_req *req, struct po_resp *resp, unsigned status,
                   const struct po_sc_stored_run *all)
{
    const char *district = po_req_scope_district(req);
    struct po_sc_stored_run run = scoped(all, district, req->a);
    struct po_err err = PO_ERR_INIT;
    json_t *items = json_array();
    for (size_t i = 0; i < run.nrows; i++)
        json_array_append_new(items, row_json(&run.rows[i]));
    json_t *diff = diff_json(req, &run, district, &err);
    if (!diff) {
        json_decref(items);
        po_resp_err(req, resp, &err);
        return;
    }
    po_resp_json(req, resp, status,
                 json_pack("{s:o,s:o,s:o}", "run", run_json(&run), "items", items, "diff", diff),
                 status == 200);
}

/* ---- GET /surcharges?month= ---- */

static void surcharges(struct po_req *req, struct po_resp *resp)
{
    int y = 0, m = 0;
    struct po_err err = PO_ERR_INIT;
    /* no month asked: the month of the latest run (the page opens on it) */
    int rc = po_req_query(req, "month") ? 0 : po_surchargedb_last_month(&y, &m, req->st, &err);
    if (rc < 0 && rc != PO_ENOTFOUND) {
        po_resp_err(req, resp, &err);
        return;
    }
    if (rc == PO_ENOTFOUND) { /* no run at all: the month before this one, empty */
        time_t t = (time_t)req->now;
        struct tm tm;
        gmtime_r(&t, &tm);
        y = tm.tm_mon == 0 ? tm.tm_year + 1899 : tm.tm_year + 1900;
        m = tm.tm_mon == 0 ? 12 : tm.tm_mon;
    }
    if (!y && !month_of(&y, &m, po_req_query(req, "month"), req, resp))
        return;
    struct po_sc_stored_run run;
    rc = po_surchargedb_latest(&run, req->st, y, m, req->a, &err);
    if (rc == PO_ENOTFOUND) {
        po_resp_json(req, resp, 200,
                     json_pack("{s:n,s:[],s:n,s:i,s:i}", "run", "items", "diff", "year", y,
                               "month", m),
                     true);
        return;
    }
    if (rc < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    answer(req, resp, 200, &run);
}

/* ---- POST /surcharges {month} ---- */

static void surcharges_post(struct po_req *req, struct po_resp *resp)
{
    json_t *b = po_req_json(req, resp);
    int y, m;
    if (!b || !month_of(&y, &m, po_json_str(b, "month"), req, resp))
        return;
    char now[32];
    time_t t = (time_t)req->now;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    struct po_sc_stored_run run;
    struct po_err err = PO_ERR_INIT;
    if (po_surchargedb_compute(&run, req->st, y, m, po_req_actor(req), now, req->a, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    answer(req, resp, 201, &run);
}

/* The month's latest run for the explain and statement routes; false with the answer in resp. */
static bool latest(struct po_sc_stored_run *out, struct po_req *req, struct po_resp *resp)
{
    int y, m;
    if (!month_of(&y, &m, po_req_query(req, "month"), req, resp))
        return false;
    struct po_sc_stored_run run;
    struct po_err err = PO_ERR_INIT;
    if (po_surchargedb_latest(&run, req->st, y, m, req->a, &err) < 0) {
        po_resp_err(req, resp, &err);
        return false;
    }
    *out = scoped(&run, po_req_scope_district(req), req->a);
    return true;
}

/* ---- GET /surcharges/explain?month=&uscc= ---- */

static void explain(struct po_req *req, struct po_resp *resp)
{
    struct po_sc_stored_run run;
    const char *uscc = po_req_query(req, "uscc");
    if (!uscc) {
        po_resp_error(req, resp, 422, "invalid", "缺少 uscc", "uscc is required", NULL);
        return;
    }
    if (!latest(&run, req, resp))
        return;
    struct po_buf b = PO_BUF_INIT;
    b.arena = req->a;
    struct po_err err = PO_ERR_INIT;
    if (po_scout_explain(&b, &run, uscc, req->a, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < run.nrows; i++)
        if (strcmp(run.rows[i].uscc, uscc) == 0)
            json_array_append_new(items, row_json(&run.rows[i]));
    po_resp_json(req, resp, 200,
                 json_pack("{s:s,s:o,s:o,s:s}", "uscc", uscc, "run", run_json(&run), "items",
                           items, "text", b.buf),
                 true);
}

/* ---- GET /surcharges/statement?month= ---- */

static void statement(struct po_req *req, struct po_resp *resp)
{
    struct po_sc_stored_run run;
    if (!latest(&run, req, resp))
        return;
    struct po_buf b = PO_BUF_INIT;
    b.arena = req->a;
    struct po_err err = PO_ERR_INIT;
    if (po_scout_csv(&b, &run, req->a, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    char name[64];
    snprintf(name, sizeof name, "surcharge-%04d-%02d.csv", run.year, run.month);
    po_resp_file(req, resp, "text/csv; charset=utf-8", name, b.buf, b.len);
}

const struct po_route po_routes_surcharge[] = {
    { "GET", "/api/v1/surcharges", surcharges, PO_P_READ_REGISTRY, 0, "surcharge",
      "The month's latest surcharge run: one row per enterprise and rule (differential, "
      "punitive, tiered electricity; progressive water), totals, and the diff against the month "
      "before (district officers: their district's rows)",
      "month", NULL },
    { "POST", "/api/v1/surcharges", surcharges_post, PO_P_RUN_EVAL, 0, "surcharge",
      "Compute a month's surcharges for every enterprise and store them as a new immutable run",
      NULL, NULL },
    { "GET", "/api/v1/surcharges/explain", explain, PO_P_READ_REGISTRY, 0, "surcharge",
      "One enterprise's surcharges of the month's latest run: each rule, figure, formula, "
      "rounding and legal basis",
      "month,uscc", NULL },
    { "GET", "/api/v1/surcharges/statement", statement, PO_P_READ_REGISTRY, PO_RF_BINARY,
      "surcharge", "The month's statement for the grid company as CSV (UTF-8 with BOM)", "month",
      NULL },
    { NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL },
};

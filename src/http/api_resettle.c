/*
 * api_resettle.c: worker resettlement over HTTP (issue 15 §5; app/resettledb.h) — a case's
 * headcount, its resettlement plan (职工安置方案) and risk-handling plan (风险处置预案) with their
 * steps, the outcomes per worker group, the list of exit cases and the district and city totals.
 *
 * Who sees what: as cases — a district officer its own district's (another district's case is
 * a 404), everyone else with the registry permission the city.  Steps, headcounts and outcomes
 * are recorded by those who act on cases (PO_P_ACT_CASE), on a case they may see.  Amounts come
 * and go as decimal text in yuan ("154000.10"), never as JSON numbers with a fraction: money is
 * exact (fen in the store).
 */
#include "http/api.h"

#include "app/resettledb.h"

#include <string.h>

/* The case's resettlement as the user may see it, or NULL with the answer in resp. */
static json_t *shown(struct po_req *req, struct po_resp *resp, int64_t id)
{
    struct po_err err = PO_ERR_INIT;
    json_t *c = id > 0 ? po_resettledb_show(req->st, id, po_req_scope_district(req), &err) : NULL;
    if (!c) {
        if (id <= 0)
            po_err_set(&err, PO_ENOTFOUND, "没有这个案件", "no such case");
        po_resp_err(req, resp, &err);
    }
    return c;
}

static void case_resettlement(struct po_req *req, struct po_resp *resp)
{
    json_t *c = shown(req, resp, po_api_case_param(req));
    if (c)
        po_resp_json(req, resp, 200, c, true);
}

/* The body, the day it takes effect ("on", YYYY-MM-DD) and the case, checked visible; NULL with
 * the answer in resp. */
static json_t *write_body(struct po_req *req, struct po_resp *resp, int64_t *id, struct po_date *on)
{
    *id = po_api_case_param(req);
    json_t *c = shown(req, resp, *id);
    if (!c)
        return NULL;
    json_decref(c);
    json_t *b = po_req_json(req, resp);
    if (!b)
        return NULL;
    const char *s = po_json_str(b, "on");
    if (!s || !po_api_date_or(on, s, (struct po_date){ 0, 0, 0 })) {
        po_api_bad_field(req, resp, 422, "on", "on 应为日期 YYYY-MM-DD",
                         "on must be a date YYYY-MM-DD");
        return NULL;
    }
    return b;
}

static bool whole(int64_t *out, json_t *b, const char *key)
{
    json_t *v = json_object_get(b, key);
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 1000000)
        return false;
    *out = (int64_t)json_integer_value(v);
    return true;
}

/* After a write: the case's resettlement as it is now. */
static void answer(struct po_req *req, struct po_resp *resp, int64_t id, int rc,
                   const struct po_err *err)
{
    if (rc < 0) {
        po_resp_err(req, resp, err);
        return;
    }
    json_t *c = shown(req, resp, id);
    if (c)
        po_resp_json(req, resp, 201, c, false);
}

static void plan_step(struct po_req *req, struct po_resp *resp)
{
    int64_t id;
    struct po_rplan_step_in in = { .actor = po_req_actor(req) };
    json_t *b = write_body(req, resp, &id, &in.on);
    if (!b)
        return;
    in.case_id = id;
    const char *by = po_json_str(b, "approved_by");
    if (po_rplan_kind_parse(&in.kind, po_json_str(b, "kind")) < 0) {
        po_api_bad_field(req, resp, 422, "kind", "kind 应为 resettlement 或 risk",
                         "kind must be resettlement or risk");
        return;
    }
    if (po_rplan_status_parse(&in.status, po_json_str(b, "status")) < 0) {
        po_api_bad_field(req, resp, 422, "status",
                         "status 应为 draft、submitted、approved、executing、done",
                         "status must be draft, submitted, approved, executing or done");
        return;
    }
    if (by && po_rplan_approver_parse(&in.approved_by, by) < 0) {
        po_api_bad_field(req, resp, 422, "approved_by",
                         "approved_by 应为 congress（职工代表大会）或 district（区人民政府）",
                         "approved_by must be congress or district");
        return;
    }
    in.document = po_json_str(b, "document");
    in.note = po_json_str(b, "note");
    struct po_err err = PO_ERR_INIT;
    answer(req, resp, id, po_resettledb_plan_step(req->st, &in, &err), &err);
}

static void headcount(struct po_req *req, struct po_resp *resp)
{
    int64_t id;
    struct po_resettle_headcount_in in = { .actor = po_req_actor(req) };
    json_t *b = write_body(req, resp, &id, &in.on);
    if (!b)
        return;
    in.case_id = id;
    static const char *const keys[PO_WG_N] = { "contract", "dispatched", "near_retirement" };
    for (int g = 0; g < PO_WG_N; g++)
        if (!whole(&in.workers[g], b, keys[g])) {
            po_api_bad_field(req, resp, 422, keys[g], "人数应为 0 到 1000000 的整数",
                             "a count is an integer from 0 to 1000000");
            return;
        }
    in.document = po_json_str(b, "document");
    struct po_err err = PO_ERR_INIT;
    answer(req, resp, id, po_resettledb_headcount(req->st, &in, &err), &err);
}

static void outcome(struct po_req *req, struct po_resp *resp)
{
    int64_t id;
    struct po_resettle_outcome_in in = { .actor = po_req_actor(req) };
    json_t *b = write_body(req, resp, &id, &in.on);
    if (!b)
        return;
    in.case_id = id;
    if (po_worker_group_parse(&in.group, po_json_str(b, "worker_group")) < 0) {
        po_api_bad_field(req, resp, 422, "worker_group",
                         "worker_group 应为 contract、dispatched、near_retirement",
                         "worker_group must be contract, dispatched or near_retirement");
        return;
    }
    if (po_resettle_outcome_parse(&in.outcome, po_json_str(b, "outcome")) < 0) {
        po_api_bad_field(req, resp, 422, "outcome", "未知的安置方式", "unknown outcome");
        return;
    }
    if (!whole(&in.workers, b, "workers")) {
        po_api_bad_field(req, resp, 422, "workers", "人数应为 0 到 1000000 的整数",
                         "workers is an integer from 0 to 1000000");
        return;
    }
    json_t *amount = json_object_get(b, "amount");
    struct po_err err = PO_ERR_INIT;
    if (amount && !json_is_null(amount) && !json_is_string(amount)) {
        po_api_bad_field(req, resp, 422, "amount",
                         "金额应为十进制文本（元，至多两位小数），如 \"154000.10\"",
                         "amount is decimal text (yuan, at most two decimals), e.g. "
                         "\"154000.10\"");
        return;
    }
    if (json_is_string(amount) &&
        po_resettle_amount_parse(&in.amount_fen, json_string_value(amount), &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    in.document = po_json_str(b, "document");
    in.note = po_json_str(b, "note");
    answer(req, resp, id, po_resettledb_outcome(req->st, &in, &err), &err);
}

static void list(struct po_req *req, struct po_resp *resp)
{
    struct po_page pg;
    if (po_req_page(&pg, req, resp, NULL) < 0)
        return;
    struct po_err err = PO_ERR_INIT;
    json_t *all = po_resettledb_list(req->st, po_req_scope_district(req), &err);
    if (!all) {
        po_resp_err(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = (size_t)pg.offset;
         i < json_array_size(all) && (int64_t)i < pg.offset + pg.per_page; i++)
        json_array_append(items, json_array_get(all, i));
    int64_t total = (int64_t)json_array_size(all);
    json_decref(all);
    po_resp_list(req, resp, items, total, &pg);
}

static void totals(struct po_req *req, struct po_resp *resp)
{
    struct po_err err = PO_ERR_INIT;
    json_t *t = po_resettledb_totals(req->st, po_req_scope_district(req), &err);
    if (!t) {
        po_resp_err(req, resp, &err);
        return;
    }
    po_resp_json(req, resp, 200, t, true);
}

const struct po_route po_routes_resettle[] = {
    { "GET", "/api/v1/cases/{id}/resettlement", case_resettlement, PO_P_READ_REGISTRY, 0,
      "resettlement",
      "A case's worker resettlement: headcount, the resettlement and risk-handling plans with "
      "their steps, outcomes per group (amounts as decimal text)",
      NULL, NULL },
    { "POST", "/api/v1/cases/{id}/resettlement/steps", plan_step, PO_P_ACT_CASE, 0, "resettlement",
      "A step of a plan {kind: resettlement|risk, status, on, approved_by?: congress|district, "
      "document?, note?}",
      NULL, NULL },
    { "POST", "/api/v1/cases/{id}/resettlement/headcount", headcount, PO_P_ACT_CASE, 0,
      "resettlement", "The workers affected {contract, dispatched, near_retirement, on, document?}",
      NULL, NULL },
    { "POST", "/api/v1/cases/{id}/resettlement/outcomes", outcome, PO_P_ACT_CASE, 0, "resettlement",
      "An outcome figure {worker_group, outcome, workers, amount? (\"yuan.fen\" text), on, "
      "document?, note?}",
      NULL, NULL },
    { "GET", "/api/v1/resettlement", list, PO_P_READ_REGISTRY, PO_RF_LIST, "resettlement",
      "Exit cases with their headcount, plan statuses, scheduled exit and amount (district "
      "officers: their district's)",
      NULL, NULL },
    { "GET", "/api/v1/resettlement/totals", totals, PO_P_READ_REGISTRY, 0, "resettlement",
      "Resettlement totals per district and for the city (district officers: their district)", NULL,
      NULL },
    { NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL },
};

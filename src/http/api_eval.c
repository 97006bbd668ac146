/*
 * api_eval.c: evaluation runs, their findings, the difference of two runs and one finding
 * with its explanation (docs/api.md "Evaluation").
 *
 * A run is made by app/evaldb.h exactly as `phaseout evaluate` makes it (the compiled-in
 * data/rules.csv, as of 31 December of the year unless told) and is immutable, so every
 * read here is of stored rows; the run's audit row is written with it, in its transaction,
 * under the user's name (web:<name>).  District scope: a district officer sees the findings
 * of its own district's enterprises only (joined on the USCC); a finding of another district
 * is 404, as is a run that does not exist.
 */
#include "http/api.h"
#include "http/listresp.h"
#include "http/scope.h"

#include "core/date.h"
#include "app/evaldb.h"
#include "report/evalexplain.h"
#include "app/evalread.h"
#include "app/evallist.h"
#include "app/registry.h"
#include "refdata/cityparams.h"
#include "refdata/rulesdata.h"
#include "util/arena.h"

#include <stdlib.h>
#include <string.h>

/* The run {id} of the path, or -1 with a 404 in resp (also for a malformed id). */
static int64_t run_param(struct po_req *req, struct po_resp *resp, const char *name)
{
    const char *s = po_req_param(req, name);
    char *end;
    long long id = s ? strtoll(s, &end, 10) : 0;
    struct po_err err = PO_ERR_INIT;
    int rc = s && *end == 0 && id > 0 ? po_evallist_run_exists(req->st, id, &err) : PO_ENOTFOUND;
    if (rc == 0)
        return id;
    if (rc != PO_ENOTFOUND)
        po_resp_err(req, resp, &err);
    else
        po_resp_error(req, resp, 404, "not_found", "没有这个评估批次", "no such evaluation run",
                      NULL);
    return -1;
}

/* ---- POST /evaluations ---- */

/* year and as_of of the body; false with a 422 in resp. */
static bool run_args(int *year, struct po_date *as_of, struct po_req *req, struct po_resp *resp)
{
    json_t *b = po_req_json(req, resp);
    if (!b)
        return false;
    json_t *y = json_object_get(b, "year");
    const char *a = po_json_str(b, "as_of");
    if (!json_is_integer(y) || json_integer_value(y) < 1991 || json_integer_value(y) > 2100) {
        po_resp_error(req, resp, 422, "invalid", "year 应为 1991 到 2100 之间的整数",
                      "year must be an integer from 1991 to 2100",
                      json_pack("[{s:s,s:s,s:s}]", "field", "year", "message_zh", "取值无效",
                                "message_en", "invalid value"));
        return false;
    }
    *year = (int)json_integer_value(y);
    *as_of = (struct po_date){ *year, 12, 31 };
    if ((a && po_date_parse(as_of, a, strlen(a)) < 0) ||
        (!a && json_object_get(b, "as_of") && !json_is_null(json_object_get(b, "as_of")))) {
        po_resp_error(req, resp, 422, "invalid", "as_of 应为 YYYY-MM-DD 日期",
                      "as_of must be a date YYYY-MM-DD",
                      json_pack("[{s:s,s:s,s:s}]", "field", "as_of", "message_zh", "日期无效",
                                "message_en", "invalid date"));
        return false;
    }
    return true;
}

static void evaluations_post(struct po_req *req, struct po_resp *resp)
{
    int year;
    struct po_date as_of;
    if (!run_args(&year, &as_of, req, resp))
        return;
    struct po_err err = PO_ERR_INIT;
    struct po_rulesdata rd;
    struct po_eval_run run;
    struct po_evaldb_opts eo = PO_EVALDB_OPTS_INIT;
    eo.year = year;
    eo.as_of = as_of;
    eo.actor = po_req_actor(req);
    int rc = po_rulesdata_load(&rd, NULL, req->a, &err);
    if (rc == 0)
        rc = po_evaldb_run(&run, req->st, &rd, &eo, req->a, &err);
    if (rc < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    json_t *r = po_evallist_run(req->st, run.id, &err);
    if (!r) {
        po_resp_err(req, resp, &err);
        return;
    }
    json_object_set_new(r, "enterprises", json_integer((json_int_t)run.enterprises));
    json_object_set_new(r, "equipment", json_integer((json_int_t)run.equipment));
    po_resp_json(req, resp, 201, r, false);
}

/* ---- GET /evaluations ---- */

static void evaluations(struct po_req *req, struct po_resp *resp)
{
    struct po_page pg;
    if (po_req_page(&pg, req, resp, PO_EVALLIST_RUN_SORTS) < 0)
        return;
    int64_t year;
    if (po_req_query_int(&year, req, resp, "year", 0, 0, 9999) < 0)
        return;
    struct po_err err = PO_ERR_INIT;
    struct po_listq_page lp = po_listresp_pg(&pg);
    int64_t total;
    json_t *items = po_evallist_runs(&total, req->st, req->a, year, &lp, &err);
    po_listresp_answer(req, resp, items, total, &pg, &err);
}

/* ---- GET /evaluations/{id}/findings ---- */

static void findings(struct po_req *req, struct po_resp *resp)
{
    struct po_page pg;
    if (po_req_page(&pg, req, resp, PO_EVALLIST_FINDING_SORTS) < 0)
        return;
    int64_t id = run_param(req, resp, "id");
    if (id < 0)
        return;
    struct po_evallist_filter f = {
        .scope = po_req_scope_district(req),
        .criterion = po_req_query(req, "criterion"),
        .status = po_req_query(req, "status"),
        .uscc = po_req_query(req, "uscc"),
        .district = po_req_query(req, "district"),
        .measure = po_req_query(req, "measure"),
        .rule_id = po_req_query(req, "rule_id"),
        .q = po_req_query(req, "q"),
    };
    struct po_err err = PO_ERR_INIT;
    struct po_listq_page lp = po_listresp_pg(&pg);
    int64_t total;
    json_t *items = po_evallist_findings(&total, req->st, req->a, id, &f, &lp, &err);
    po_api_rule_titles(req, items);
    po_api_missing_names(req, items);
    po_listresp_answer(req, resp, items, total, &pg, &err);
}

json_t *po_api_enterprise_findings(struct po_req *req, struct po_resp *resp, const char *uscc)
{
    struct po_err err = PO_ERR_INIT;
    json_t *items = po_evallist_enterprise_findings(req->st, uscc, &err);
    if (!items)
        po_resp_err(req, resp, &err);
    return items;
}

/* ---- stored findings as JSON (diff, detail) ---- */

static json_t *stored_json(const struct po_stored_finding *f)
{
    json_t *j = json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "finding_id",
        f->finding_id, "uscc", f->uscc, "enterprise_name", f->enterprise_name, "equipment_id",
        f->equipment_id, "criterion", f->criterion, "rule_id", f->rule_id, "rule_version",
        (json_int_t)f->rule_version, "status", f->status, "measure", f->measure, "departments",
        f->departments, "evidence", f->evidence, "evidence_zh",
        f->evidence_zh ? f->evidence_zh : "", "legal_basis", f->legal_basis, "measure_basis",
        f->measure_basis, "confidence", f->confidence, "source", f->source);
    json_object_set_new(j, "missing",
                        po_json_text(f->missing && f->missing[0] ? f->missing : NULL));
    json_object_set_new(j, "rule_title_zh", po_json_text(f->rule_title_zh));
    json_object_set_new(j, "rule_title_en", po_json_text(f->rule_title));
    return j;
}

/* ---- GET /evaluations/{id}/diff ---- */

/* For a district officer, the USCCs of its district as an object used as a set; else NULL. */
static int scope_set(json_t **out, struct po_req *req, struct po_resp *resp)
{
    *out = NULL;
    const char *d = po_req_scope_district(req);
    if (!d)
        return 0;
    struct po_err err = PO_ERR_INIT;
    json_t *rows = po_registry_district_usccs(req->st, d, &err);
    if (!rows) {
        po_resp_err(req, resp, &err);
        return -1;
    }
    *out = json_object();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) json_object_set_new(*out, po_json_str(r, "uscc"), json_true());
    json_decref(rows);
    return 0;
}

/* One difference as the API shows it: the finding, or for a change the finding before and after. */
static json_t *diff_item(const struct po_evaldiff *d)
{
    switch (d->change) {
    case PO_EVALDIFF_REMOVED:
        return stored_json(d->before);
    case PO_EVALDIFF_ADDED:
        return stored_json(d->after);
    case PO_EVALDIFF_CHANGED:
        return json_pack("{s:s,s:o,s:o}", "finding_id", d->after->finding_id, "before",
                         stored_json(d->before), "after", stored_json(d->after));
    }
    return NULL;
}

static void evaluation_diff(struct po_req *req, struct po_resp *resp)
{
    int64_t id = run_param(req, resp, "id"), against;
    if (id < 0 || po_req_query_int(&against, req, resp, "against", 0, 1, INT64_MAX) < 0)
        return;
    if (!against) {
        po_resp_error(req, resp, 400, "invalid", "需要查询参数 against（对比的批次）",
                      "the query parameter against (the run to compare with) is required",
                      json_pack("[{s:s,s:s,s:s}]", "field", "against", "message_zh", "必填",
                                "message_en", "required"));
        return;
    }
    struct po_err err = PO_ERR_INIT;
    struct po_evaldiff *d = NULL;
    size_t n = 0;
    if (po_evalread_diff(&d, &n, req->st, against, id, req->a, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    json_t *scope = NULL, *arr[3] = { json_array(), json_array(), json_array() };
    if (scope_set(&scope, req, resp) == 0) {
        for (size_t i = 0; i < n; i++) {
            const struct po_stored_finding *x = d[i].before ? d[i].before : d[i].after;
            if (!scope || json_object_get(scope, x->uscc))
                json_array_append_new(arr[d[i].change], diff_item(&d[i]));
        }
        /* what a cannot-decide finding waits for, in words, as in the findings list */
        po_api_missing_names(req, arr[PO_EVALDIFF_ADDED]);
        po_api_missing_names(req, arr[PO_EVALDIFF_REMOVED]);
        json_t *sides = json_array();
        size_t k;
        json_t *c;
        json_array_foreach(arr[PO_EVALDIFF_CHANGED], k, c)
        {
            json_array_append(sides, json_object_get(c, "before"));
            json_array_append(sides, json_object_get(c, "after"));
        }
        po_api_missing_names(req, sides);
        json_decref(sides);
        po_resp_json(req, resp, 200,
                     json_pack("{s:I,s:I,s:o,s:o,s:o}", "run", (json_int_t)id, "against",
                               (json_int_t)against, "added", arr[PO_EVALDIFF_ADDED], "removed",
                               arr[PO_EVALDIFF_REMOVED], "changed", arr[PO_EVALDIFF_CHANGED]),
                     true);
        arr[0] = arr[1] = arr[2] = NULL;
    }
    json_decref(arr[0]), json_decref(arr[1]), json_decref(arr[2]), json_decref(scope);
}

/* ---- GET /findings/{finding_id} ---- */

static void finding(struct po_req *req, struct po_resp *resp)
{
    int64_t run;
    if (po_req_query_int(&run, req, resp, "run", 0, 1, INT64_MAX) < 0)
        return;
    struct po_err err = PO_ERR_INIT;
    struct po_stored_finding f;
    char *zh = NULL, *en = NULL;
    const char *district = NULL;
    int rc = po_evalread_finding(&f, req->st, po_req_param(req, "finding_id"), run, req->a, &err);
    if (rc == 0 && po_scope_enterprise_visible(req, resp, f.uscc, &district) < 0)
        return;
    struct po_city_params cp; /* the measure's period is the city's */
    if (rc == 0)
        rc = po_cityparams_load(&cp, &err);
    if (rc == 0) {
        const struct po_explain_periods per = { cp.quota_rectify_months,
                                                cp.quality_rectify_months };
        rc = po_explain_text(&zh, &en, &f, &per, req->a, &err);
    }
    if (rc < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    json_t *cases = po_evallist_finding_cases(req->st, f.finding_id, f.uscc, &err);
    if (!cases) {
        po_resp_err(req, resp, &err);
        return;
    }
    json_t *j = stored_json(&f), *one = json_pack("[O]", j);
    po_api_missing_names(req, one); /* missing_zh, _en, _suppliers as in the list */
    json_decref(one);
    json_object_set_new(j, "district_code", po_json_text(district));
    json_object_set_new(j, "run",
                        json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)f.run_id, "as_of",
                                  f.as_of, "rules_name", f.rules_name, "rules_sha256",
                                  f.rules_sha256, "data_sha256", f.data_sha256, "created_at",
                                  f.created_at));
    json_object_set_new(j, "explanation_zh", json_string(zh));
    json_object_set_new(j, "explanation_en", json_string(en));
    json_object_set_new(j, "cases", cases);
    po_resp_json(req, resp, 200, j, true);
}

const struct po_route po_routes_eval[] = {
    { "POST", "/api/v1/evaluations", evaluations_post, PO_P_RUN_EVAL, 0, "evaluation",
      "Evaluate the registry by the rules in force and store the run", NULL, NULL },
    { "GET", "/api/v1/evaluations", evaluations, PO_P_READ_REGISTRY, PO_RF_LIST, "evaluation",
      "Evaluation runs, newest first", "year", PO_EVALLIST_RUN_SORTS },
    { "GET", "/api/v1/evaluations/{id}/findings", findings, PO_P_READ_REGISTRY, PO_RF_LIST,
      "evaluation", "The findings of a run (district officers: their district's)",
      "criterion,status,uscc,district,measure,rule_id,q", PO_EVALLIST_FINDING_SORTS },
    { "GET", "/api/v1/evaluations/{id}/diff", evaluation_diff, PO_P_READ_REGISTRY, 0, "evaluation",
      "Findings added, removed and changed since an earlier run", "against", NULL },
    { "GET", "/api/v1/findings/{finding_id}", finding, PO_P_READ_REGISTRY, 0, "evaluation",
      "One stored finding with its evidence and explanation in Chinese and English", "run", NULL },
    { NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL },
};

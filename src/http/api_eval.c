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
#include "refdata/rulesdata.h"
#include "util/arena.h"

#include <stdlib.h>
#include <string.h>

static const char run_cols[] = "id, year, as_of, rules_name, rules_sha256, data_sha256, nfindings, "
                               "findings_sha256, created_at";

/* The run {id} of the path, or -1 with a 404 in resp (also for a malformed id). */
static int64_t run_param(struct po_req *req, struct po_resp *resp, const char *name)
{
    const char *s = po_req_param(req, name);
    char *end;
    long long id = s ? strtoll(s, &end, 10) : 0;
    int64_t n = 0;
    struct po_err err = PO_ERR_INIT;
    struct po_value v = po_vint(id);
    if (s && *end == 0 && id > 0 &&
        po_store_query_int(&n, req->st, "SELECT count(*) FROM evaluation_run WHERE id = ?", &v, 1,
                           &err) == 0 &&
        n == 1)
        return id;
    if (err.code && err.code != PO_ENOTFOUND)
        po_resp_err(req, resp, &err);
    else
        po_resp_error(req, resp, 404, "not_found", "没有这个评估批次", "no such evaluation run",
                      NULL);
    return -1;
}

/* The stored run id as a JSON object, or NULL with resp filled. */
static json_t *run_json(struct po_req *req, struct po_resp *resp, int64_t id)
{
    struct po_value v = po_vint(id);
    json_t *rows = po_listresp_all(
        req, resp, po_arena_printf(req->a, "SELECT %s FROM evaluation_run WHERE id = ?", run_cols),
        &v, 1);
    json_t *r = rows ? json_incref(json_array_get(rows, 0)) : NULL;
    json_decref(rows);
    if (rows && !r)
        po_resp_error(req, resp, 404, "not_found", "没有这个评估批次", "no such evaluation run",
                      NULL);
    return r;
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
    json_t *r = run_json(req, resp, run.id);
    if (!r)
        return;
    json_object_set_new(r, "enterprises", json_integer((json_int_t)run.enterprises));
    json_object_set_new(r, "equipment", json_integer((json_int_t)run.equipment));
    po_resp_json(req, resp, 201, r, false);
}

/* ---- GET /evaluations ---- */

static const struct po_listq_sort run_sorts[] = {
    { "id", "id" }, { "year", "year" }, { "as_of", "as_of" }, { "created_at", "created_at" },
    { NULL, NULL },
};

static void evaluations(struct po_req *req, struct po_resp *resp)
{
    struct po_page pg;
    if (po_req_page(&pg, req, resp, "id,year,as_of,created_at") < 0)
        return;
    struct po_listq q;
    po_listq_init(&q, req->a);
    int64_t year;
    if (po_req_query_int(&year, req, resp, "year", 0, 0, 9999) == 0) {
        struct po_value y = po_vint(year);
        if (year)
            po_listq_and(&q, "year = ?", 1, &y);
        po_listresp_list(req, resp, run_cols, "evaluation_run", &q, run_sorts, "id DESC", "id",
                         &pg);
    }
    po_listq_release(&q);
}

/* ---- GET /evaluations/{id}/findings ---- */

static const char finding_cols[] =
    "f.finding_id, f.uscc, f.enterprise_name, e.district_code, f.equipment_id, f.criterion, "
    "f.rule_id, f.rule_version, f.status, f.measure, f.departments, f.legal_basis, f.confidence, "
    "f.missing";
static const char finding_from[] = "evaluation_finding f JOIN enterprise e ON e.uscc = f.uscc";
static const struct po_listq_sort finding_sorts[] = {
    { "seq", "f.seq" },
    { "uscc", "f.uscc" },
    { "criterion", "f.criterion" },
    { "status", "f.status" },
    { "measure", "f.measure" },
    { "rule_id", "f.rule_id" },
    { "enterprise_name", "f.enterprise_name" },
    { NULL, NULL },
};
#define FINDING_SORTS "seq,uscc,criterion,status,measure,rule_id,enterprise_name"

static void findings(struct po_req *req, struct po_resp *resp)
{
    struct po_page pg;
    if (po_req_page(&pg, req, resp, FINDING_SORTS) < 0)
        return;
    int64_t id = run_param(req, resp, "id");
    if (id < 0)
        return;
    static const struct po_listresp_filter filters[] = {
        { "criterion", "f.criterion = ?" },
        { "status", "f.status = ?" },
        { "uscc", "f.uscc = ?" },
        { "district", "e.district_code = ?" },
        { "measure", "f.measure = ?" },
        { "rule_id", "f.rule_id = ?" },
        { NULL, NULL },
    };
    struct po_listq q;
    po_listq_init(&q, req->a);
    struct po_value v = po_vint(id);
    po_listq_and(&q, "f.run_id = ?", 1, &v);
    po_listresp_scope(&q, req, "e.district_code");
    po_listresp_filters(&q, req, filters);
    const char *s = po_req_query(req, "q");
    if (s) {
        static const char *const cols[] = { "f.enterprise_name", "f.uscc", "f.rule_id" };
        po_listq_like(&q, cols, 3, s);
    }
    int64_t total;
    json_t *items = po_listresp_page(&total, req, resp, finding_cols, finding_from, &q,
                                     finding_sorts, "f.seq", "f.finding_id", &pg);
    po_api_rule_titles(req, items);
    po_api_missing_names(req, items);
    if (items)
        po_resp_list(req, resp, items, total, &pg);
    po_listq_release(&q);
}

json_t *po_api_enterprise_findings(struct po_req *req, struct po_resp *resp, const char *uscc)
{
    struct po_value v = po_vtext(uscc);
    return po_listresp_all(req, resp,
                           "SELECT f.run_id, f.finding_id, f.equipment_id, f.criterion, f.rule_id, "
                           "f.rule_version, f.status, f.measure, f.departments, f.legal_basis, "
                           "f.confidence, f.missing FROM evaluation_finding f "
                           "WHERE f.run_id = (SELECT max(id) FROM evaluation_run) AND f.uscc = ? "
                           "ORDER BY f.seq",
                           &v, 1);
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
    struct po_value v = po_vtext(d);
    json_t *rows =
        po_listresp_all(req, resp, "SELECT uscc FROM enterprise WHERE district_code = ?", &v, 1);
    if (!rows)
        return -1;
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
    if (rc == 0)
        rc = po_explain_text(&zh, &en, &f, req->a, &err);
    if (rc < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    struct po_value v[2] = { po_vtext(f.finding_id), po_vtext(f.uscc) };
    json_t *cases =
        po_listresp_all(req, resp,
                        "SELECT id, case_type, state FROM case_file WHERE finding_id = ? "
                        "AND uscc = ? ORDER BY id",
                        v, 2);
    if (!cases)
        return;
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
      "Evaluation runs, newest first", "year", "id,year,as_of,created_at" },
    { "GET", "/api/v1/evaluations/{id}/findings", findings, PO_P_READ_REGISTRY, PO_RF_LIST,
      "evaluation", "The findings of a run (district officers: their district's)",
      "criterion,status,uscc,district,measure,rule_id,q", FINDING_SORTS },
    { "GET", "/api/v1/evaluations/{id}/diff", evaluation_diff, PO_P_READ_REGISTRY, 0, "evaluation",
      "Findings added, removed and changed since an earlier run", "against", NULL },
    { "GET", "/api/v1/findings/{finding_id}", finding, PO_P_READ_REGISTRY, 0, "evaluation",
      "One stored finding with its evidence and explanation in Chinese and English", "run", NULL },
    { NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL },
};

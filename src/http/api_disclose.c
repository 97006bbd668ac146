/*
 * api_disclose.c: the staff side of disclosure (issue 14) — publishing the public lists
 * (preview, then publish: PO_P_PUBLISH, the city bureau), issuing official notices as PDF
 * (PO_P_ISSUE_NOTICE), and handling public reports (PO_P_HANDLE_REPORTS: the city bureau, and
 * a district officer for its own district's reports only — so a reporter's contact is seen by
 * those two and nobody else).
 */
#include "http/api.h"
#include "http/listresp.h"

#include "app/noticedb.h"
#include "app/publishdb.h"
#include "app/reportdb.h"
#include "util/arena.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *row_json(const struct po_pub_row *r)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "enterprise_name",
                     r->enterprise_name, "uscc", r->uscc, "district_code", r->district_code,
                     "district_name", r->district_name, "equipment", r->equipment, "capacity",
                     r->capacity, "capacity_unit", r->capacity_unit, "measure", r->measure_zh,
                     "deadline", r->deadline, "basis", r->basis_zh);
}

static json_t *staff_pub_json(const struct po_publication *p, bool rows)
{
    json_t *o = json_pack("{s:I,s:o,s:s,s:s,s:i,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:I}", "id",
                          (json_int_t)p->id, "number", po_json_text(p->number), "list",
                          po_pub_list_name(p->list), "list_zh", po_pub_list_label_zh(p->list),
                          "year", p->year, "district_code", po_json_text(p->district_code),
                          "district_name", po_json_text(p->district_name), "published_at",
                          po_json_text(p->published_at), "actor", po_json_text(p->actor), "sha256",
                          po_json_text(p->sha256), "supersedes",
                          p->supersedes ? json_integer(p->supersedes) : json_null(),
                          "superseded_by",
                          p->superseded_by ? json_integer(p->superseded_by) : json_null(), "nrows",
                          (json_int_t)p->nrows);
    json_object_set_new(o, "reason", po_json_text(p->reason));
    if (rows) {
        json_t *a = json_array();
        for (size_t i = 0; i < p->nrows; i++)
            json_array_append_new(a, row_json(&p->rows[i]));
        json_object_set_new(o, "rows", a);
    }
    return o;
}

static bool list_arg(struct po_req *req, struct po_resp *resp, const char *s, enum po_pub_list *l)
{
    struct po_err err = PO_ERR_INIT;
    if (po_pub_list_parse(l, s, &err) < 0) {
        po_resp_err(req, resp, &err);
        return false;
    }
    return true;
}

static void publications_list(struct po_req *req, struct po_resp *resp)
{
    struct po_pub_filter f = { 0, -1, NULL, false };
    struct po_publication *ps;
    size_t n;
    struct po_err err = PO_ERR_INIT;
    if (po_pubdb_list(req->st, req->a, &f, &ps, &n, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, staff_pub_json(&ps[i], false));
    po_resp_items(req, resp, items);
}

static void publications_preview(struct po_req *req, struct po_resp *resp)
{
    enum po_pub_list l;
    int64_t year;
    if (!list_arg(req, resp, po_req_query(req, "list"), &l) ||
        po_req_query_int(&year, req, resp, "year", 0, 1990, 2100) < 0)
        return;
    if (!year) {
        po_resp_error(req, resp, 400, "invalid", "须给出 year", "year is required", NULL);
        return;
    }
    struct po_pub_preview pv;
    struct po_err err = PO_ERR_INIT;
    if (po_pubdb_preview(req->st, req->a, l, (int)year, po_req_query(req, "district"), &pv, &err) <
        0) {
        po_resp_err(req, resp, &err);
        return;
    }
    json_t *o = staff_pub_json(&pv.pub, true);
    json_t *refs = json_array();
    for (size_t i = 0; i < pv.nrefusals; i++)
        json_array_append_new(refs, json_pack("{s:s,s:s}", "zh", pv.refusals_zh[i], "en",
                                              pv.refusals_en[i]));
    json_object_set_new(o, "refusals", refs);
    json_object_set_new(o, "publishable", json_boolean(pv.nrefusals == 0));
    po_resp_json(req, resp, 200, o, false);
}

static void publications_publish(struct po_req *req, struct po_resp *resp)
{
    json_t *b = po_req_json(req, resp);
    if (!b)
        return;
    enum po_pub_list l;
    if (!list_arg(req, resp, po_json_str(b, "list"), &l))
        return;
    json_t *y = json_object_get(b, "year"), *sup = json_object_get(b, "supersedes");
    if (!json_is_integer(y) || (sup && !json_is_null(sup) && !json_is_integer(sup))) {
        po_resp_error(req, resp, 400, "invalid", "year 应为整数，supersedes 应为公示编号",
                      "year must be an integer, supersedes a publication id", NULL);
        return;
    }
    struct po_pub_request r = { l,
                                (int)json_integer_value(y),
                                po_json_str(b, "district"),
                                po_req_actor(req),
                                json_is_integer(sup) ? json_integer_value(sup) : 0,
                                po_json_str(b, "reason"),
                                NULL };
    struct po_publication p;
    struct po_err err = PO_ERR_INIT;
    if (po_pubdb_publish(req->st, req->a, &r, &p, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    po_resp_json(req, resp, 201, staff_pub_json(&p, false), false);
}

static void notice_answer(struct po_req *req, struct po_resp *resp, const struct po_notice_req *r)
{
    struct po_notice n;
    struct po_err err = PO_ERR_INIT;
    if (po_noticedb_issue(req->st, req->a, r, &n, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    po_resp_file_utf8(req, resp, "application/pdf",
                      po_arena_printf(req->a, "notice-%" PRId64 ".pdf", n.id),
                      po_arena_printf(req->a, "%s.pdf", n.number), (const char *)n.pdf, n.len);
    /* percent-encoded UTF-8 (a header is ASCII): the page decodes it with decodeURIComponent */
    size_t len = strlen(n.number);
    char *enc = po_arena_alloc(req->a, 3 * len + 1), *e = enc;
    for (size_t i = 0; enc && i < len; i++) {
        unsigned char ch = (unsigned char)n.number[i];
        if ((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'))
            *e++ = (char)ch;
        else
            e += snprintf(e, 4, "%%%02X", ch);
    }
    if (enc) {
        *e = 0;
        po_resp_header(resp, "X-Document-Number", enc);
    }
}

static void case_notice(struct po_req *req, struct po_resp *resp)
{
    json_t *b = po_req_json(req, resp);
    if (!b)
        return;
    char *end;
    const char *id = po_req_param(req, "id");
    long long v = strtoll(id, &end, 10);
    if (*end || v <= 0) {
        po_resp_error(req, resp, 404, "not_found", "没有这个案件", "no such case", NULL);
        return;
    }
    struct po_notice_req r = { po_json_str(b, "kind"), v, NULL, 0, NULL, po_req_actor(req), NULL };
    if (po_noticedb_kind(r.kind) != 1) {
        po_resp_error(req, resp, 400, "invalid",
                      "kind 应为 rectification、suspension、shutdown 或 seal",
                      "kind must be rectification, suspension, shutdown or seal", NULL);
        return;
    }
    notice_answer(req, resp, &r);
}

static void district_notice(struct po_req *req, struct po_resp *resp)
{
    json_t *b = po_req_json(req, resp);
    if (!b)
        return;
    json_t *y = json_object_get(b, "year");
    struct po_notice_req r = { po_json_str(b, "kind"),
                               0,
                               po_json_str(b, "district"),
                               json_is_integer(y) ? (int)json_integer_value(y) : 0,
                               po_json_str(b, "as_of"),
                               po_req_actor(req),
                               NULL };
    if (po_noticedb_kind(r.kind) != 0) {
        po_resp_error(req, resp, 400, "invalid", "kind 应为 district-notice 或 district-interview",
                      "kind must be district-notice or district-interview", NULL);
        return;
    }
    notice_answer(req, resp, &r);
}

static void reports_list(struct po_req *req, struct po_resp *resp)
{
    struct po_err err = PO_ERR_INIT;
    const char *uscc = po_req_query(req, "uscc");
    json_t *items = uscc ? po_reportdb_of_enterprise(req->st, uscc, &err)
                         : po_reportdb_list(req->st, po_req_scope_district(req),
                                            po_req_query(req, "status"), &err);
    if (!items) {
        po_resp_err(req, resp, &err);
        return;
    }
    const char *scope = po_req_scope_district(req);
    if (uscc && scope) { /* a district sees its own district's reports only */
        size_t i;
        json_t *r;
        json_t *mine = json_array();
        json_array_foreach(items, i, r)
        {
            const char *dc = po_json_str(r, "district_code");
            if (dc && !strcmp(dc, scope))
                json_array_append(mine, r);
        }
        json_decref(items);
        items = mine;
    }
    po_resp_items(req, resp, items);
}

static int64_t report_id(struct po_req *req, struct po_resp *resp)
{
    char *end;
    long long v = strtoll(po_req_param(req, "id"), &end, 10);
    if (*end || v <= 0) {
        po_resp_error(req, resp, 404, "not_found", "没有这个举报", "no such report", NULL);
        return 0;
    }
    return v;
}

static void reports_get(struct po_req *req, struct po_resp *resp)
{
    int64_t id = report_id(req, resp);
    if (!id)
        return;
    struct po_err err = PO_ERR_INIT;
    json_t *r = po_reportdb_get(req->st, id, po_req_scope_district(req), &err);
    if (!r) {
        if (err.code == PO_EPERM) /* another district's: as if absent */
            po_resp_error(req, resp, 404, "not_found", "没有这个举报", "no such report", NULL);
        else
            po_resp_err(req, resp, &err);
        return;
    }
    po_resp_json(req, resp, 200, r, false);
}

static void reports_act(struct po_req *req, struct po_resp *resp)
{
    int64_t id = report_id(req, resp);
    if (!id)
        return;
    json_t *b = po_req_json(req, resp);
    if (!b)
        return;
    json_t *c = json_object_get(b, "case_id");
    struct po_report_act a = { po_json_str(b, "action"),
                               po_json_str(b, "text"),
                               po_json_str(b, "district_code"),
                               json_is_integer(c) ? json_integer_value(c) : 0,
                               po_req_actor(req),
                               po_req_scope_district(req),
                               NULL };
    struct po_err err = PO_ERR_INIT;
    if (po_reportdb_act(req->st, id, &a, &err) < 0) {
        if (err.code == PO_EPERM && a.scope_district && (!a.action || strcmp(a.action, "assign")))
            po_resp_error(req, resp, 404, "not_found", "没有这个举报", "no such report", NULL);
        else
            po_resp_err(req, resp, &err);
        return;
    }
    json_t *r = po_reportdb_get(req->st, id, NULL, &err);
    po_resp_json(req, resp, 200, r ? r : json_object(), false);
}

const struct po_route po_routes_disclose[] = {
    { "GET", "/api/v1/publications", publications_list, PO_P_READ_REGISTRY, 0, "disclosure",
      "Every publication of the public lists, with the actor", NULL, NULL },
    { "GET", "/api/v1/publications/preview", publications_preview, PO_P_PUBLISH, 0, "disclosure",
      "The list as it would be published now, and why it would be refused", "list,year,district",
      NULL },
    { "POST", "/api/v1/publications", publications_publish, PO_P_PUBLISH, 0, "disclosure",
      "Publish a list: {list, year, district?, supersedes?, reason?}; frozen and hashed", NULL,
      NULL },
    { "POST", "/api/v1/cases/{id}/notices", case_notice, PO_P_ISSUE_NOTICE, PO_RF_BINARY,
      "disclosure", "Issue (or fetch again) the case's notice {kind} as PDF with its number", NULL,
      NULL },
    { "POST", "/api/v1/plans/notices", district_notice, PO_P_ISSUE_NOTICE, PO_RF_BINARY,
      "disclosure", "Issue a district notice or interview {kind, district, as_of, year?} as PDF",
      NULL, NULL },
    { "GET", "/api/v1/reports", reports_list, PO_P_HANDLE_REPORTS, 0, "disclosure",
      "Public reports of the district (the city: all), with the reporter's contact", "status,uscc",
      NULL },
    { "GET", "/api/v1/reports/{id}", reports_get, PO_P_HANDLE_REPORTS, 0, "disclosure",
      "One public report with its events", NULL, NULL },
    { "POST", "/api/v1/reports/{id}/actions", reports_act, PO_P_HANDLE_REPORTS, 0, "disclosure",
      "Act on a report: {action: verify|reply|assign|link_case, text?, district_code?, case_id?}",
      NULL, NULL },
    { NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL },
};

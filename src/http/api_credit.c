/*
 * api_credit.c: the consequences of a missed deadline over HTTP (issue 15 §1-3; app/creditdb.h)
 * — credit records and their repair (the city bureau), the file for the credit platform, each
 * department's joint-punishment list and what it did, and the banks' two lists.
 *
 * Who sees what: credit records, as the registry (a district officer its own district's);
 * repair steps, the export, the authority's code and support entries, the city bureau
 * (PO_P_MANAGE_CREDIT); a joint-punishment list, the department that applies the measures
 * (PO_P_JOINT: drc, market, emergency, natres, finance, tax — each its own measures; the
 * city all); bank lists, PO_P_READ_CREDIT, and every file downloaded is audited.
 */
#include "http/api.h"
#include "http/acct_json.h"

#include "app/creditdb.h"
#include "core/authz.h"
#include "report/creditexport.h"
#include "util/arena.h"
#include "format/tablebuf.h"
#include "util/buf.h"

#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>

static const char *as_of(struct po_req *req, char buf[11])
{
    const char *q = po_req_query(req, "as_of");
    if (q)
        return q;
    po_acct_today(buf, req);
    return buf;
}

/* items [offset, offset + per_page) of all, as a list answer; all is stolen. */
static void page_of(struct po_req *req, struct po_resp *resp, const struct po_page *pg, json_t *all)
{
    json_t *items = json_array();
    for (size_t i = (size_t)pg->offset;
         i < json_array_size(all) && (int64_t)i < pg->offset + pg->per_page; i++)
        json_array_append(items, json_array_get(all, i));
    int64_t total = (int64_t)json_array_size(all);
    json_decref(all);
    po_resp_list(req, resp, items, total, pg);
}

static void records(struct po_req *req, struct po_resp *resp)
{
    struct po_page pg;
    if (po_req_page(&pg, req, resp, NULL) < 0)
        return;
    char buf[11];
    struct po_credit_q q = { .as_of = as_of(req, buf),
                             .scope = po_req_scope_district(req),
                             .uscc = po_req_query(req, "uscc"),
                             .status = po_req_query(req, "status"),
                             .record = po_req_query(req, "record") };
    struct po_err err = PO_ERR_INIT;
    json_t *all = po_creditdb_records(req->st, req->a, &q, &err);
    if (!all) {
        po_resp_err(req, resp, &err);
        return;
    }
    page_of(req, resp, &pg, all);
}

static void fields(struct po_req *req, struct po_resp *resp)
{
    struct po_err err = PO_ERR_INIT;
    json_t *f = po_creditdb_fields(req->a, &err);
    if (!f) {
        po_resp_err(req, resp, &err);
        return;
    }
    po_resp_json(req, resp, 200, json_pack("{s:s,s:o}", "standard", "data/credit_fields.csv",
                                           "fields", f),
                 true);
}

/* One record as of the day, after a write. */
static void answer_record(struct po_req *req, struct po_resp *resp, const char *record,
                          const char *on)
{
    struct po_credit_q q = { .as_of = on, .record = record };
    struct po_err err = PO_ERR_INIT;
    json_t *r = po_creditdb_records(req->st, req->a, &q, &err);
    if (!r) {
        po_resp_err(req, resp, &err);
        return;
    }
    json_t *one = json_incref(json_array_get(r, 0));
    json_decref(r);
    po_resp_json(req, resp, 200, one ? one : json_object(), false);
}

static void repair(struct po_req *req, struct po_resp *resp)
{
    json_t *b = po_req_json(req, resp);
    if (!b)
        return;
    const char *record = po_json_str(b, "record"), *on = po_json_str(b, "on");
    struct po_err err = PO_ERR_INIT;
    if (po_creditdb_repair(req->st, req->a, record, po_json_str(b, "step"), on,
                           po_json_str(b, "note"), po_json_str(b, "proof"), po_req_actor(req),
                           &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    answer_record(req, resp, record, on);
}

static bool file_format(struct po_req *req, struct po_resp *resp, const char **fmt)
{
    *fmt = po_req_query(req, "format");
    if (!*fmt)
        *fmt = "csv";
    if (strcmp(*fmt, "csv") && strcmp(*fmt, "xlsx") && strcmp(*fmt, "json")) {
        po_resp_error(req, resp, 400, "invalid", "format 应为 csv、xlsx 或 json",
                      "format must be csv, xlsx or json",
                      json_pack("[{s:s,s:s,s:s}]", "field", "format", "message_zh", "取值无效",
                                "message_en", "invalid value"));
        return false;
    }
    return true;
}

static const char *mime(const char *fmt)
{
    return !strcmp(fmt, "csv")    ? "text/csv; charset=utf-8"
           : !strcmp(fmt, "xlsx") ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                  : "application/json";
}

static void send_file(struct po_req *req, struct po_resp *resp, const char *fmt, const char *base,
                      const char *zh, const char *day, const struct po_buf *b)
{
    po_resp_file_utf8(req, resp, mime(fmt), po_arena_printf(req->a, "%s-%s.%s", base, day, fmt),
                      po_arena_printf(req->a, "%s-%s.%s", zh, day, fmt), b->buf, b->len);
}

static void export_(struct po_req *req, struct po_resp *resp)
{
    const char *fmt;
    if (!file_format(req, resp, &fmt))
        return;
    char buf[11];
    const char *day = as_of(req, buf);
    struct po_credit_q q = { .as_of = day };
    struct po_err err = PO_ERR_INIT;
    json_t *recs = po_creditdb_records(req->st, req->a, &q, &err);
    json_t *f = recs ? po_creditdb_fields(req->a, &err) : NULL;
    struct po_buf b = PO_BUF_ARENA(req->a);
    size_t n = 0;
    json_t *inc = NULL;
    int rc = f ? po_credit_export(&b, req->a, recs, f, fmt, day, &n, &inc, &err) : -1;
    if (rc == 0)
        rc = po_creditdb_audit_download(
            req->st, po_req_actor(req), "credit.export", po_arena_printf(req->a, "credit/%s", day),
            po_arena_printf(req->a, "format=%s records=%zu incomplete=%zu", fmt, n,
                            json_array_size(inc)),
            &err);
    json_decref(recs);
    json_decref(f);
    json_decref(inc);
    if (rc < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    send_file(req, resp, fmt, "credit-records", "信用信息", day, &b);
}

static void authority(struct po_req *req, struct po_resp *resp)
{
    json_t *b = po_req_json(req, resp);
    if (!b)
        return;
    struct po_err err = PO_ERR_INIT;
    const char *code = po_json_str(b, "code") ? po_json_str(b, "code") : "miit";
    if (po_creditdb_set_authority(req->st, req->a, code, po_json_str(b, "uscc"),
                                  po_req_actor(req), &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    po_resp_json(req, resp, 200, json_pack("{s:s,s:s}", "code", code, "uscc",
                                           po_json_str(b, "uscc")),
                 false);
}

static void support(struct po_req *req, struct po_resp *resp)
{
    json_t *b = po_req_json(req, resp);
    if (!b)
        return;
    struct po_err err = PO_ERR_INIT;
    if (po_creditdb_support_add(req->st, req->a, po_json_str(b, "uscc"), po_json_str(b, "kind"),
                                po_json_str(b, "on"), po_json_str(b, "document"),
                                po_json_str(b, "note"), po_req_actor(req), &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    po_resp_json(req, resp, 201, json_pack("{s:s,s:s}", "uscc", po_json_str(b, "uscc"), "kind",
                                           po_json_str(b, "kind")),
                 false);
}

/* The joint-punishment department a user acts as: the city any (or all, NULL); another user
 * the one of its roles that data/joint_measures.csv names (want, if given, must be it). */
static bool department_of(struct po_req *req, struct po_resp *resp, const char *want,
                          const char **dep)
{
    unsigned roles = req->session.user.roles;
    if (roles & (1u << PO_UR_CITY)) {
        *dep = want;
        return true;
    }
    struct po_err err = PO_ERR_INIT;
    json_t *deps = po_creditdb_departments(req->a, &err);
    if (!deps) {
        po_resp_err(req, resp, &err);
        return false;
    }
    *dep = NULL;
    size_t i;
    json_t *d;
    json_array_foreach(deps, i, d)
    {
        const char *name = po_json_str(d, "department");
        enum po_urole r;
        if (po_urole_parse(&r, name, NULL) == 0 && (roles & (1u << r)) &&
            (!want || !strcmp(want, name)) && !*dep)
            *dep = po_arena_strdup(req->a, name);
    }
    json_decref(deps);
    if (!*dep) {
        po_resp_error(req, resp, 403, "forbidden",
                      want ? "只能查看本部门的联合惩戒名单" : "您的角色不实施联合惩戒措施",
                      want ? "only your own department's joint-punishment list"
                           : "your role applies no joint-punishment measure",
                      NULL);
        return false;
    }
    return true;
}

static json_t *joint_rows(struct po_req *req, struct po_resp *resp, const char **dep, char buf[11])
{
    if (!department_of(req, resp, po_req_query(req, "department"), dep))
        return NULL;
    struct po_err err = PO_ERR_INIT;
    json_t *rows = po_creditdb_joint_list(req->st, req->a, *dep, as_of(req, buf),
                                          po_req_scope_district(req), &err);
    if (!rows)
        po_resp_err(req, resp, &err);
    return rows;
}

static void joint(struct po_req *req, struct po_resp *resp)
{
    struct po_page pg;
    if (po_req_page(&pg, req, resp, NULL) < 0)
        return;
    const char *dep;
    char buf[11];
    json_t *rows = joint_rows(req, resp, &dep, buf);
    if (rows)
        page_of(req, resp, &pg, rows);
}

static void joint_download(struct po_req *req, struct po_resp *resp)
{
    const char *fmt, *dep;
    char buf[11];
    if (!file_format(req, resp, &fmt))
        return;
    json_t *rows = joint_rows(req, resp, &dep, buf);
    if (!rows)
        return;
    const char *day = as_of(req, buf);
    static const char *const head[] = { "序号", "信用记录", "企业名称", "统一社会信用代码",
                                        "区县", "领域", "实施部门", "惩戒措施",
                                        "依据", "起始日期", "公示截止", "已登记措施" };
    enum { NC = 12 };
    size_t nrows = json_array_size(rows) + 1, i;
    const char **cells = po_arena_calloc(req->a, NC * nrows, sizeof(*cells));
    struct po_buf b = PO_BUF_ARENA(req->a);
    struct po_err err = PO_ERR_INIT;
    int rc = cells ? 0 : po_err_set(&err, PO_ENOMEM, "内存不足", "out of memory");
    json_t *r;
    if (rc == 0 && !strcmp(fmt, "json")) {
        char *s = json_dumps(rows, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        po_buf_adds(&b, s ? s : "[]");
        free(s);
    } else if (rc == 0) {
        memcpy(cells, head, sizeof(head));
        json_array_foreach(rows, i, r)
        {
            const char **c = cells + (i + 1) * NC;
            json_t *acts = json_object_get(r, "actions"), *x;
            struct po_buf done = PO_BUF_ARENA(req->a);
            size_t k;
            json_array_foreach(acts, k, x)
                po_buf_addf(&done, "%s%s %s", k ? "；" : "", po_json_str(x, "taken_on"),
                            po_json_str(x, "document"));
            po_buf_addch(&done, '\0');
            const char *v[NC] = { po_arena_printf(req->a, "%zu", i + 1), po_json_str(r, "record"),
                                  po_json_str(r, "name"), po_json_str(r, "uscc"),
                                  po_json_str(r, "district_code"), po_json_str(r, "area_zh"),
                                  po_json_str(r, "department_zh"), po_json_str(r, "measure_zh"),
                                  po_json_str(r, "basis_zh"), po_json_str(r, "since"),
                                  po_json_str(r, "until"), done.buf };
            for (size_t j = 0; j < NC; j++)
                c[j] = v[j] ? po_arena_strdup(req->a, v[j]) : NULL;
        }
        rc = po_tablebuf_write(&b, !strcmp(fmt, "csv") ? PO_SHEET_CSV : PO_SHEET_XLSX, "联合惩戒",
                               cells, NC, nrows, 0, &err);
    }
    if (rc == 0)
        rc = po_creditdb_audit_download(
            req->st, po_req_actor(req), "credit.joint_download",
            po_arena_printf(req->a, "joint/%s", dep ? dep : "all"),
            po_arena_printf(req->a, "format=%s as_of=%s rows=%zu", fmt, day, nrows - 1), &err);
    json_decref(rows);
    if (rc < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    send_file(req, resp, fmt, po_arena_printf(req->a, "joint-%s", dep ? dep : "all"), "联合惩戒",
              day, &b);
}

static void joint_act(struct po_req *req, struct po_resp *resp)
{
    json_t *b = po_req_json(req, resp);
    if (!b)
        return;
    const char *measure = po_json_str(b, "measure"), *record = po_json_str(b, "record");
    const char *on = po_json_str(b, "on");
    struct po_err err = PO_ERR_INIT;
    /* the role the measure's department is, if the user holds it; else the city's */
    const char *role = "city", *dep = NULL;
    json_t *deps = po_creditdb_departments(req->a, &err);
    size_t i, k;
    json_t *d, *m;
    json_array_foreach(deps, i, d) json_array_foreach(json_object_get(d, "measures"), k, m) if (
        measure && !strcmp(po_json_str(m, "key"), measure)) dep =
        po_arena_strdup(req->a, po_json_str(d, "department"));
    json_decref(deps);
    enum po_urole r;
    if (dep && po_urole_parse(&r, dep, NULL) == 0 && (req->session.user.roles & (1u << r)))
        role = dep;
    else if (!(req->session.user.roles & (1u << PO_UR_CITY)))
        role = "-";
    if (po_creditdb_joint_record(req->st, req->a, record, measure, on, po_json_str(b, "document"),
                                 po_json_str(b, "note"), role, po_req_actor(req), &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    answer_record(req, resp, record, on);
}

static bool bank_which(struct po_req *req, struct po_resp *resp, const char **which)
{
    *which = po_req_query(req, "list");
    if (!*which)
        *which = "restrict";
    if ( (strcmp(*which, "restrict") && strcmp(*which, "support"))) {
        po_resp_error(req, resp, 400, "invalid", "list 应为 restrict（限制授信）或 support（支持授信）",
                      "list must be restrict or support",
                      json_pack("[{s:s,s:s,s:s}]", "field", "list", "message_zh", "取值无效",
                                "message_en", "invalid value"));
        return false;
    }
    return true;
}

static void bank(struct po_req *req, struct po_resp *resp)
{
    struct po_page pg;
    const char *which;
    if (po_req_page(&pg, req, resp, NULL) < 0 || !bank_which(req, resp, &which))
        return;
    char buf[11];
    struct po_err err = PO_ERR_INIT;
    json_t *rows = po_creditdb_bank_list(req->st, req->a, which, as_of(req, buf), &err);
    if (!rows) {
        po_resp_err(req, resp, &err);
        return;
    }
    page_of(req, resp, &pg, rows);
}

static void bank_download(struct po_req *req, struct po_resp *resp)
{
    const char *which, *fmt;
    if (!bank_which(req, resp, &which) || !file_format(req, resp, &fmt))
        return;
    char buf[11];
    const char *day = as_of(req, buf);
    struct po_err err = PO_ERR_INIT;
    json_t *rows = po_creditdb_bank_list(req->st, req->a, which, day, &err);
    struct po_buf b = PO_BUF_ARENA(req->a);
    int rc = rows ? po_credit_bank_file(&b, req->a, rows, which, fmt, day, &err) : -1;
    if (rc == 0)
        rc = po_creditdb_audit_download(
            req->st, po_req_actor(req), "credit.bank_download",
            po_arena_printf(req->a, "bank-list/%s", which),
            po_arena_printf(req->a, "format=%s as_of=%s rows=%zu", fmt, day, json_array_size(rows)),
            &err);
    json_decref(rows);
    if (rc < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    send_file(req, resp, fmt, po_arena_printf(req->a, "bank-%s", which),
              !strcmp(which, "restrict") ? "限制授信名单" : "支持授信名单", day, &b);
}

const struct po_route po_routes_credit[] = {
    { "GET", "/api/v1/credit/records", records, PO_P_READ_REGISTRY, PO_RF_LIST, "credit",
      "Credit records (administrative measures after a missed deadline) as of a day, each with "
      "its 双公示 fields, problems, public period, status and repair steps",
      "as_of,status,uscc,record", NULL },
    { "GET", "/api/v1/credit/fields", fields, PO_P_READ_REGISTRY, 0, "credit",
      "The fields of a credit-platform record (data/credit_fields.csv)", NULL, NULL },
    { "POST", "/api/v1/credit/repairs", repair, PO_P_MANAGE_CREDIT, 0, "credit",
      "A repair step {record, step: repair_apply|repair_approve|repair_refuse, on, note, proof?}",
      NULL, NULL },
    { "GET", "/api/v1/credit/export", export_, PO_P_MANAGE_CREDIT, PO_RF_BINARY, "credit",
      "The file for the credit platform as of a day (format csv|xlsx|json): complete records "
      "in force (add) and repaired (withdraw); audited",
      "as_of,format", NULL },
    { "POST", "/api/v1/credit/authority", authority, PO_P_MANAGE_CREDIT, 0, "credit",
      "The unified social credit code of an authority {code, uscc}", NULL, NULL },
    { "POST", "/api/v1/credit/support", support, PO_P_MANAGE_CREDIT, 0, "credit",
      "An enterprise eligible for credit support {uscc, kind, on, document, note?}", NULL, NULL },
    { "GET", "/api/v1/credit/joint", joint, PO_P_JOINT, PO_RF_LIST, "credit",
      "The joint-punishment measures of the user's department (the city: any department) on "
      "records in force, with what was done",
      "as_of,department", NULL },
    { "GET", "/api/v1/credit/joint/download", joint_download, PO_P_JOINT, PO_RF_BINARY, "credit",
      "The department's joint-punishment list as csv|xlsx|json; audited", "as_of,department,format",
      NULL },
    { "POST", "/api/v1/credit/joint-actions", joint_act, PO_P_JOINT, 0, "credit",
      "What the department did under a measure {record, measure, on, document, note?}", NULL,
      NULL },
    { "GET", "/api/v1/credit/bank-lists", bank, PO_P_READ_CREDIT, PO_RF_LIST, "credit",
      "A bank list (list=restrict|support) as of a day, each row with the reason and its date",
      "list,as_of", NULL },
    { "GET", "/api/v1/credit/bank-lists/download", bank_download, PO_P_READ_CREDIT, PO_RF_BINARY,
      "credit", "A bank list as csv|xlsx|json; every download audited", "list,as_of,format", NULL },
    { NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL },
};

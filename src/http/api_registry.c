/*
 * api_registry.c: districts, industries, enterprises (list, export, detail),
 * equipment, energy records, reference tables (docs/api.md "Registry").
 *
 * District scope: for a district officer every query gets
 * "district_code = <its district>", so another district's record is simply
 * not there — 404, the same answer as for an id that does not exist.
 */
#include "http/acct_cache.h"
#include "http/api.h"
#include "http/listresp.h"

#include "refdata/reftitles.h"
#include "format/sheetw.h"
#include "store/store.h"
#include "util/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void districts(struct po_req *req, struct po_resp *resp)
{
    json_t *items = po_listresp_all(
        req, resp, "SELECT code, name, level, parent_code FROM district ORDER BY code", NULL, 0);
    po_resp_items(req, resp, items);
}

static void industries(struct po_req *req, struct po_resp *resp)
{
    json_t *items =
        po_listresp_all(req, resp,
                        "SELECT code, edition, name, two_high AS two_high_bool FROM industry "
                        "ORDER BY edition DESC, code",
                        NULL, 0);
    po_resp_items(req, resp, items);
}

/* ---- enterprises ---- */

static const char ent_select[] =
    "e.id, e.uscc, e.name, e.district_code, d.name AS district_name, e.park_code, "
    "e.industry_code, i.name AS industry_name, i.two_high AS two_high_bool, e.status, e.employees, "
    "e.has_downstream AS has_downstream_bool";
static const char ent_from[] =
    "enterprise e JOIN district d ON d.code = e.district_code "
    "LEFT JOIN industry i ON i.code = e.industry_code AND i.edition = e.industry_edition";
static const struct po_listq_sort ent_sorts[] = {
    { "uscc", "e.uscc" },
    { "name", "e.name" },
    { "district_code", "e.district_code" },
    { "industry_code", "e.industry_code" },
    { "status", "e.status" },
    { "employees", "e.employees" },
    { NULL, NULL },
};
#define ENT_SORTS "uscc,name,district_code,industry_code,status,employees"
#define ENT_FILTERS "district,industry,status,q,two_high"

static const char *const ent_statuses[] = { "operating", "limited", "suspended",
                                            "closed",    "exited",  NULL };

static bool oneof(const char *v, const char *const *set)
{
    for (; *set; set++)
        if (!strcmp(v, *set))
            return true;
    return false;
}

/* The filters shared by the list and the export; false with resp filled on bad input. */
static bool ent_filters(struct po_listq *q, struct po_req *req, struct po_resp *resp)
{
    const char *scope = po_req_scope_district(req);
    if (scope)
        po_listq_and_text(q, "e.district_code = ?", scope);
    const char *v;
    if ((v = po_req_query(req, "district"))) {
        struct po_value two[2] = { po_vtext(v), po_vtext(v) };
        po_listq_and(q, "(e.district_code = ? OR e.park_code = ?)", 2, two);
    }
    if ((v = po_req_query(req, "industry")))
        po_listq_and_text(q, "e.industry_code = ?", v);
    if ((v = po_req_query(req, "status"))) {
        if (!oneof(v, ent_statuses)) {
            po_resp_error(req, resp, 400, "invalid",
                          "状态应为 operating、limited、suspended、closed 或 exited",
                          "status must be operating, limited, suspended, closed or exited",
                          json_pack("[{s:s,s:s,s:s}]", "field", "status", "message_zh", "取值无效",
                                    "message_en", "invalid value"));
            return false;
        }
        po_listq_and_text(q, "e.status = ?", v);
    }
    if ((v = po_req_query(req, "two_high"))) {
        if (strcmp(v, "0") && strcmp(v, "1") && strcmp(v, "true") && strcmp(v, "false")) {
            po_resp_error(req, resp, 400, "invalid", "two_high 应为 0 或 1",
                          "two_high must be 0 or 1", NULL);
            return false;
        }
        struct po_value b = po_vint(!strcmp(v, "1") || !strcmp(v, "true"));
        /* a class whose flag is not recorded (NULL, migration 0011) is neither: never read as 0 */
        po_listq_and(q, "i.two_high = ?", 1, &b);
    }
    if ((v = po_req_query(req, "q"))) {
        static const char *const cols[] = { "e.name", "e.uscc" };
        po_listq_like(q, cols, 2, v);
    }
    return true;
}

/*
 * The list is the page people open most: its answers are kept under the
 * database's fingerprint (acct_cache.h), the user's district scope and the
 * query, so a repeated request costs one indexed query, and any write, on
 * any server, is seen by the next request.
 */
static const char *ent_cache_key(struct po_req *req, const char *fp)
{
    static const char *const names[] = { "page",     "per_page", "sort", "district",
                                         "industry", "status",   "q",    "two_high" };
    const char *scope = po_req_scope_district(req);
    const char *key = po_arena_printf(req->a, "enterprises|%s|%s", fp, scope ? scope : "*");
    for (size_t i = 0; key && i < sizeof names / sizeof names[0]; i++) {
        const char *v = po_req_query(req, names[i]);
        key = po_arena_printf(req->a, "%s|%zu:%s", key, v ? strlen(v) : 0, v ? v : "");
    }
    return key;
}

static void enterprises(struct po_req *req, struct po_resp *resp)
{
    struct po_page pg;
    if (po_req_page(&pg, req, resp, ENT_SORTS) < 0)
        return;
    char fp[PO_ACCT_FP_MAX];
    struct po_err err = PO_ERR_INIT;
    if (po_acct_fingerprint(fp, req->st, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    const char *key = ent_cache_key(req, fp);
    if (key && po_acct_body_get(req, resp, key))
        return;
    struct po_listq q;
    po_listq_init(&q, req->a);
    /* every enterprise has exactly one district and at most one industry row: only the
       two-high filter, on the industry, needs the joins to count */
    if (!po_req_query(req, "two_high"))
        q.count_from = "enterprise e";
    if (ent_filters(&q, req, resp))
        po_listresp_list(req, resp, ent_select, ent_from, &q, ent_sorts, "e.uscc", "e.id", &pg);
    po_listq_release(&q);
    if (key && resp->status == 200)
        po_acct_body_put(key, resp);
}

/* The enterprise's status in words, as the UI names it (UI.md; i18n.js es.*), for the export. */
#define EXPORT_STATUS_ZH                                                                                  \
    "CASE e.status WHEN 'operating' THEN '正常生产' WHEN 'limited' THEN '限产' "                    \
    "WHEN 'suspended' THEN '停产整改' WHEN 'closed' THEN '已关闭' WHEN 'exited' THEN '已退出' " \
    "ELSE e.status END"

static void enterprises_export(struct po_req *req, struct po_resp *resp)
{
    const char *fmt = po_req_query(req, "format");
    if (!fmt)
        fmt = "xlsx";
    if (strcmp(fmt, "xlsx") && strcmp(fmt, "csv")) {
        po_resp_error(req, resp, 400, "invalid", "format 应为 xlsx 或 csv",
                      "format must be xlsx or csv", NULL);
        return;
    }
    struct po_listq q;
    po_listq_init(&q, req->a);
    if (!ent_filters(&q, req, resp)) {
        po_listq_release(&q);
        return;
    }
    struct po_err err = PO_ERR_INIT;
    const char *sql = po_arena_printf(
        req->a,
        "SELECT e.uscc, e.name, e.district_code, d.name, e.park_code, p.name, e.industry_code, "
        "i.name, " EXPORT_STATUS_ZH ", e.employees, e.address FROM %s "
        "LEFT JOIN district p ON p.code = e.park_code WHERE 1=1%s ORDER BY e.uscc",
        ent_from, q.where.len ? q.where.buf : "");
    char path[] = "/tmp/phaseout-export-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        po_listq_release(&q);
        po_resp_error(req, resp, 500, "internal", "无法创建临时文件",
                      "cannot create a temporary file", NULL);
        return;
    }
    close(fd);
    struct po_sheetw *w = NULL;
    struct po_stmt *s = NULL;
    int rc = po_sheetw_open(&w, path, !strcmp(fmt, "csv") ? PO_SHEET_CSV : PO_SHEET_XLSX,
                            "企业台账", &err);
    /* a list for people: Chinese headers, each code beside its name, the status in words */
    static const char *const head[] = {
        "统一社会信用代码", "企业名称", "区县代码", "区县",     "园区代码", "园区",
        "行业代码",         "行业",     "状态",     "职工人数", "地址"
    };
    enum { NCOL = sizeof(head) / sizeof(head[0]), EMPLOYEES = 9 };
    struct po_cell cells[NCOL];
    for (size_t i = 0; i < NCOL; i++)
        cells[i] = (struct po_cell){ PO_CELL_TEXT, head[i] };
    if (rc == 0)
        rc = po_sheetw_row(w, cells, NCOL, &err);
    if (rc == 0)
        rc = po_stmt_prepare(&s, req->st, sql, &err);
    if (rc == 0)
        rc = po_stmt_bindv(s, q.binds, q.nbinds, &err);
    while (rc == 0 && (rc = po_stmt_step(s, &err)) == 1) {
        for (int i = 0; i < NCOL; i++) {
            const char *t = po_stmt_text(s, i);
            cells[i] = (struct po_cell){ t ? (i == EMPLOYEES ? PO_CELL_NUMBER : PO_CELL_TEXT)
                                           : PO_CELL_EMPTY,
                                         t };
        }
        rc = po_sheetw_row(w, cells, NCOL, &err);
    }
    po_stmt_finalize(s);
    int rc2 = po_sheetw_close(w, &err);
    if (rc == 0)
        rc = rc2;
    po_listq_release(&q);
    if (rc < 0) {
        unlink(path);
        po_resp_err(req, resp, &err);
        return;
    }
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    long len = -1;
    if (f && fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (data = po_arena_alloc(req->a, (size_t)len + 1)) &&
        fread(data, 1, (size_t)len, f) == (size_t)len) {
        fclose(f);
        unlink(path);
        po_resp_file(req, resp,
                     !strcmp(fmt, "csv")
                         ? "text/csv; charset=utf-8"
                         : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     !strcmp(fmt, "csv") ? "enterprises.csv" : "enterprises.xlsx", data,
                     (size_t)len);
        return;
    }
    if (f)
        fclose(f);
    unlink(path);
    po_resp_error(req, resp, 500, "internal", "无法读取导出文件", "cannot read the export back",
                  NULL);
}

/* One row of sql with a bound value as a JSON object, or NULL (404 / error in resp). */
static json_t *one_row(struct po_req *req, struct po_resp *resp, const char *sql, struct po_value v)
{
    json_t *rows = po_listresp_all(req, resp, sql, &v, 1);
    if (!rows)
        return NULL;
    json_t *r = json_array_get(rows, 0);
    if (!r) {
        json_decref(rows);
        po_resp_error(req, resp, 404, "not_found", "没有这家企业", "no such enterprise", NULL);
        return NULL;
    }
    json_incref(r);
    json_decref(rows);
    return r;
}

static void enterprise(struct po_req *req, struct po_resp *resp)
{
    const char *id = po_req_param(req, "id");
    char *end;
    long long n = strtoll(id, &end, 10);
    const char *scope = po_req_scope_district(req);
    json_t *e;
    /* by numeric id or by USCC */
    if (*end == 0 && end != id)
        e = one_row(req, resp,
                    po_arena_printf(req->a,
                                    "SELECT %s, e.founded, e.address, e.uscc_override_reason "
                                    "FROM %s WHERE e.id = ?",
                                    ent_select, ent_from),
                    po_vint(n));
    else
        e = one_row(req, resp,
                    po_arena_printf(req->a,
                                    "SELECT %s, e.founded, e.address, e.uscc_override_reason "
                                    "FROM %s WHERE e.uscc = ?",
                                    ent_select, ent_from),
                    po_vtext(id));
    if (!e)
        return;
    const char *dc = po_json_str(e, "district_code");
    if (scope && (!dc || strcmp(dc, scope))) {
        json_decref(e);
        po_resp_error(req, resp, 404, "not_found", "没有这家企业", "no such enterprise", NULL);
        return;
    }
    int64_t eid = json_integer_value(json_object_get(e, "id"));
    const char *uscc = po_arena_strdup(req->a, po_json_str(e, "uscc"));
    struct po_value v = po_vint(eid);
    json_t *eq = po_listresp_all(
        req, resp,
        "SELECT id AS pk, equipment_id, equipment_type, name, status, commissioned, "
        "capacity_micro, capacity_unit, product FROM equipment WHERE enterprise_id = ? "
        "ORDER BY equipment_id",
        &v, 1);
    json_t *params =
        eq ? po_listresp_all(req, resp,
                             "SELECT p.equipment_pk, p.param, p.value_micro, p.value_text, p.unit "
                             "FROM equipment_param p JOIN equipment q ON q.id = p.equipment_pk "
                             "WHERE q.enterprise_id = ? ORDER BY p.equipment_pk, p.param",
                             &v, 1)
           : NULL;
    json_t *timeline =
        params ? po_listresp_all(
                     req, resp,
                     "SELECT date, 'inspection' AS kind, department, kind AS subject, severity, "
                     "document_no, violation, legal_basis FROM inspection WHERE enterprise_id = ? "
                     "ORDER BY date DESC, document_no",
                     &v, 1)
               : NULL;
    /* a licence past its valid_to is expired today whatever its recorded status says */
    struct po_date d = po_api_today(req);
    char today[16];
    snprintf(today, sizeof today, "%04d-%02d-%02d", d.y, d.m, d.d);
    struct po_value lv[2] = { po_vtext(today), po_vint(eid) };
    json_t *licences =
        timeline ? po_listresp_all(
                       req, resp,
                       "SELECT licence_type, number, issuer, valid_from, valid_to, status, "
                       "CASE WHEN status = 'valid' AND valid_to IS NOT NULL AND valid_to < ? "
                       "THEN 'expired' ELSE status END AS effective_status, revoked_on, "
                       "revocation_reason FROM licence WHERE enterprise_id = ? "
                       "ORDER BY licence_type, number",
                       lv, 2)
                 : NULL;
    json_t *energy = licences ? po_api_enterprise_energy(req, resp, uscc) : NULL;
    json_t *findings = energy ? po_api_enterprise_findings(req, resp, uscc) : NULL;
    po_api_rule_titles(req, findings);
    po_api_missing_names(req, findings);
    json_t *cases = findings ? po_api_enterprise_cases(req, resp, uscc) : NULL;
    if (!cases) {
        json_decref(e), json_decref(eq), json_decref(params), json_decref(timeline);
        json_decref(licences), json_decref(energy), json_decref(findings);
        return;
    }
    /* parameters under their unit */
    size_t i, k;
    json_t *u, *p;
    json_array_foreach(eq, i, u) json_object_set_new(u, "params", json_array());
    json_array_foreach(params, k, p)
    {
        json_int_t pk = json_integer_value(json_object_get(p, "equipment_pk"));
        json_array_foreach(eq, i, u) if (json_integer_value(json_object_get(u, "pk")) == pk)
        {
            json_object_del(p, "equipment_pk");
            json_array_append(json_object_get(u, "params"), p);
            break;
        }
    }
    json_decref(params);
    json_object_set_new(e, "equipment", eq);
    json_object_set_new(e, "inspections", timeline);
    json_object_set_new(e, "licences", licences);
    json_object_set_new(e, "energy", energy);
    json_object_set_new(e, "findings", findings);
    json_object_set_new(e, "cases", cases);
    po_resp_json(req, resp, 200, e, true);
}

/* ---- equipment, energy ---- */

static const struct po_listq_sort eq_sorts[] = {
    { "uscc", "e.uscc" },
    { "equipment_id", "q.equipment_id" },
    { "equipment_type", "q.equipment_type" },
    { "status", "q.status" },
    { "capacity", "q.capacity_micro" },
    { "commissioned", "q.commissioned" },
    { NULL, NULL },
};

static void equipment(struct po_req *req, struct po_resp *resp)
{
    struct po_page pg;
    if (po_req_page(&pg, req, resp,
                    "uscc,equipment_id,equipment_type,status,capacity,commissioned") < 0)
        return;
    struct po_listq q;
    po_listq_init(&q, req->a);
    static const struct po_listresp_filter filters[] = {
        { "district", "e.district_code = ?" },
        { "status", "q.status = ?" },
        { "type", "q.equipment_type = ?" },
        { "uscc", "e.uscc = ?" },
        { NULL, NULL },
    };
    po_listresp_scope(&q, req, "e.district_code");
    po_listresp_filters(&q, req, filters);
    const char *v;
    if ((v = po_req_query(req, "q"))) {
        static const char *const cols[] = { "e.name", "e.uscc", "q.name" };
        po_listq_like(&q, cols, 3, v);
    }
    po_listresp_list(req, resp,
                     "e.id AS enterprise_id, e.uscc, e.name AS enterprise_name, e.district_code, "
                     "q.equipment_id, q.equipment_type, q.name, q.status, q.commissioned, "
                     "q.capacity_micro, q.capacity_unit, q.product",
                     "equipment q JOIN enterprise e ON e.id = q.enterprise_id", &q, eq_sorts,
                     "e.uscc", "q.equipment_id", &pg);
    po_listq_release(&q);
}

static const struct po_listq_sort en_sorts[] = {
    { "uscc", "e.uscc" },
    { "year", "g.year" },
    { "month", "g.month" },
    { "energy_type", "g.energy_type" },
    { "quantity", "g.quantity_micro" },
    { NULL, NULL },
};

static void energy(struct po_req *req, struct po_resp *resp)
{
    struct po_page pg;
    if (po_req_page(&pg, req, resp, "uscc,year,month,energy_type,quantity") < 0)
        return;
    struct po_listq q;
    po_listq_init(&q, req->a);
    static const struct po_listresp_filter filters[] = {
        { "uscc", "e.uscc = ?" },
        { "district", "e.district_code = ?" },
        { "energy_type", "g.energy_type = ?" },
        { NULL, NULL },
    };
    po_listresp_scope(&q, req, "e.district_code");
    po_listresp_filters(&q, req, filters);
    int64_t year;
    if (po_req_query_int(&year, req, resp, "year", 0, 0, 9999) < 0) {
        po_listq_release(&q);
        return;
    }
    if (year) {
        struct po_value y = po_vint(year);
        po_listq_and(&q, "g.year = ?", 1, &y);
    }
    po_listresp_list(
        req, resp,
        "e.uscc, e.name, e.district_code, g.year, g.month, g.energy_type, g.purpose, g.product, "
        "g.source, g.quantity_micro, g.unit",
        "energy g JOIN enterprise e ON e.id = g.enterprise_id", &q, en_sorts, "e.uscc",
        "g.year, g.month, g.energy_type, g.purpose, g.product, g.source", &pg);
    po_listq_release(&q);
}

/* ---- reference tables ---- */

/*
 * A reference table in words (data/reference_titles.csv): its title, the standard or document it
 * rests on, and that row's own confidence; null members for a table the file does not name.
 */
static void set_title(json_t *obj, const struct po_reftitle *t, size_t n, const char *name)
{
    const struct po_reftitle *r = po_reftitles_find(t, n, name);
    json_object_set_new(obj, "title_zh", r ? json_string(r->title_zh) : json_null());
    json_object_set_new(obj, "title_en", r ? json_string(r->title_en) : json_null());
    json_object_set_new(obj, "basis", r ? json_string(r->basis) : json_null());
    json_object_set_new(obj, "title_confidence", r ? json_string(r->confidence) : json_null());
}

static int load_titles(const struct po_reftitle **t, size_t *n, struct po_req *req,
                       struct po_resp *resp)
{
    struct po_err err = PO_ERR_INIT;
    if (po_reftitles_load(t, n, req->a, &err) == 0)
        return 0;
    po_resp_err(req, resp, &err);
    return -1;
}

static void references(struct po_req *req, struct po_resp *resp)
{
    const struct po_reftitle *t;
    size_t nt;
    if (load_titles(&t, &nt, req, resp) < 0)
        return;
    json_t *items = po_listresp_all(
        req, resp,
        "SELECT name, version, sha256, nrows, loaded_at FROM ref_table t "
        "WHERE version = (SELECT MAX(version) FROM ref_table u WHERE u.name = t.name) "
        "ORDER BY name",
        NULL, 0);
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) set_title(it, t, nt, po_json_str(it, "name"));
    po_resp_items(req, resp, items);
}

static void reference(struct po_req *req, struct po_resp *resp)
{
    const char *name = po_req_param(req, "name");
    struct po_value v = po_vtext(name);
    json_t *t =
        po_listresp_all(req, resp,
                        "SELECT name, version, sha256, columns, nrows, loaded_at FROM ref_table "
                        "WHERE name = ? ORDER BY version DESC LIMIT 1",
                        &v, 1);
    if (!t)
        return;
    json_t *head = json_array_get(t, 0);
    if (!head) {
        json_decref(t);
        po_resp_error(req, resp, 404, "not_found", "没有这张参考表", "no such reference table",
                      NULL);
        return;
    }
    json_incref(head);
    json_decref(t);
    struct po_value vv[2] = { po_vtext(name),
                              po_vint(json_integer_value(json_object_get(head, "version"))) };
    json_t *rows =
        po_listresp_all(req, resp,
                        "SELECT rowno, data, source, confidence FROM ref_row WHERE name = ? AND "
                        "version = ? ORDER BY rowno",
                        vv, 2);
    if (!rows) {
        json_decref(head);
        return;
    }
    const struct po_reftitle *tt;
    size_t nt;
    if (load_titles(&tt, &nt, req, resp) < 0) {
        json_decref(head);
        json_decref(rows);
        return;
    }
    set_title(head, tt, nt, name);
    /* data is the JSON array of the row's fields as stored; the source also in words (the
     * files it names by their titles) */
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        const char *d = po_json_str(r, "data");
        json_t *arr = d ? json_loads(d, 0, NULL) : NULL;
        json_object_set_new(r, "data", arr ? arr : json_array());
        const char *src = po_json_str(r, "source");
        const char *zh = src ? po_reftitles_words(req->a, tt, nt, src, false) : NULL;
        const char *en = src ? po_reftitles_words(req->a, tt, nt, src, true) : NULL;
        json_object_set_new(r, "source_zh", zh ? json_string(zh) : json_null());
        json_object_set_new(r, "source_en", en ? json_string(en) : json_null());
    }
    json_object_set_new(head, "rows", rows);
    po_resp_json(req, resp, 200, head, true);
}

const struct po_route po_routes_registry[] = {
    /* names for codes: every signed-in account (the bank's credit list and the security
     * administrator's user list name the districts too, issue 12 §2) */
    { "GET", "/api/v1/districts", districts, -1, 0, "registry",
      "Districts and parks (GB/T 2260 codes) with their names; any signed-in account", NULL, NULL },
    { "GET", "/api/v1/industries", industries, -1, 0, "registry",
      "Industry classes (GB/T 4754) with their names and the two-high flag; any signed-in account",
      NULL, NULL },
    { "GET", "/api/v1/enterprises", enterprises, PO_P_READ_REGISTRY, PO_RF_LIST, "registry",
      "Enterprise list, filtered, sorted and paged", ENT_FILTERS, ENT_SORTS },
    { "GET", "/api/v1/enterprises/export", enterprises_export, PO_P_READ_REGISTRY, PO_RF_BINARY,
      "registry", "The filtered enterprise list as XLSX or CSV", ENT_FILTERS ",format", NULL },
    { "GET", "/api/v1/enterprises/{id}", enterprise, PO_P_READ_REGISTRY, 0, "registry",
      "One enterprise (by id or USCC) with equipment, energy history, findings, cases, inspections",
      NULL, NULL },
    { "GET", "/api/v1/equipment", equipment, PO_P_READ_REGISTRY, PO_RF_LIST, "registry",
      "Equipment (production units) list", "district,status,type,uscc,q",
      "uscc,equipment_id,equipment_type,status,capacity,commissioned" },
    { "GET", "/api/v1/energy", energy, PO_P_READ_REGISTRY, PO_RF_LIST, "registry",
      "Energy records as reported or metered", "year,uscc,district,energy_type",
      "uscc,year,month,energy_type,quantity" },
    { "GET", "/api/v1/reference", references, PO_P_READ_REGISTRY, 0, "reference",
      "Reference tables in force (latest version of each)", NULL, NULL },
    { "GET", "/api/v1/reference/{name}", reference, PO_P_READ_REGISTRY, 0, "reference",
      "One reference table with its rows, sources and confidence", NULL, NULL },
    { NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL },
};

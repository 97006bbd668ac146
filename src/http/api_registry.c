/*
 * api_registry.c: districts, industries, enterprises (list, export, detail),
 * equipment, energy records, reference tables (docs/api.md "Registry").
 *
 * The queries are app/registry.h's; this file reads the request into its
 * filters and writes the answer.  District scope: a district officer's
 * queries are confined to its district, so another district's record is
 * simply not there — 404, the same answer as for an id that does not exist.
 */
#include "http/acct_cache.h"
#include "http/api.h"
#include "http/listresp.h"

#include "app/registry.h"
#include "refdata/reftitles.h"
#include "util/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void districts(struct po_req *req, struct po_resp *resp)
{
    struct po_err err = PO_ERR_INIT;
    json_t *items = po_registry_districts(req->st, &err);
    if (!items)
        po_resp_err(req, resp, &err);
    po_resp_items(req, resp, items);
}

static void industries(struct po_req *req, struct po_resp *resp)
{
    struct po_err err = PO_ERR_INIT;
    json_t *items = po_registry_industries(req->st, &err);
    if (!items)
        po_resp_err(req, resp, &err);
    po_resp_items(req, resp, items);
}

/* ---- enterprises ---- */

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
static bool ent_filters(struct po_registry_ent_filter *f, struct po_req *req, struct po_resp *resp)
{
    *f = (struct po_registry_ent_filter){ .scope = po_req_scope_district(req),
                                          .district = po_req_query(req, "district"),
                                          .industry = po_req_query(req, "industry"),
                                          .status = po_req_query(req, "status"),
                                          .two_high = -1,
                                          .q = po_req_query(req, "q") };
    if (f->status && !oneof(f->status, ent_statuses)) {
        po_resp_error(req, resp, 400, "invalid",
                      "状态应为 operating、limited、suspended、closed 或 exited",
                      "status must be operating, limited, suspended, closed or exited",
                      json_pack("[{s:s,s:s,s:s}]", "field", "status", "message_zh", "取值无效",
                                "message_en", "invalid value"));
        return false;
    }
    const char *v;
    if ((v = po_req_query(req, "two_high"))) {
        if (strcmp(v, "0") && strcmp(v, "1") && strcmp(v, "true") && strcmp(v, "false")) {
            po_resp_error(req, resp, 400, "invalid", "two_high 应为 0 或 1",
                          "two_high must be 0 or 1", NULL);
            return false;
        }
        f->two_high = !strcmp(v, "1") || !strcmp(v, "true");
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
    if (po_req_page(&pg, req, resp, PO_REGISTRY_ENT_SORTS) < 0)
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
    struct po_registry_ent_filter f;
    if (ent_filters(&f, req, resp)) {
        struct po_listq_page lp = po_listresp_pg(&pg);
        int64_t total;
        json_t *items = po_registry_enterprises(&total, req->st, req->a, &f, &lp, &err);
        po_listresp_answer(req, resp, items, total, &pg, &err);
    }
    if (key && resp->status == 200)
        po_acct_body_put(key, resp);
}

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
    struct po_registry_ent_filter f;
    if (!ent_filters(&f, req, resp))
        return;
    struct po_err err = PO_ERR_INIT;
    char path[] = "/tmp/phaseout-export-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        po_resp_error(req, resp, 500, "internal", "无法创建临时文件",
                      "cannot create a temporary file", NULL);
        return;
    }
    close(fd);
    int rc = po_registry_enterprises_export(
        req->st, req->a, &f, path, !strcmp(fmt, "csv") ? PO_SHEET_CSV : PO_SHEET_XLSX, &err);
    if (rc < 0) {
        unlink(path);
        po_resp_err(req, resp, &err);
        return;
    }
    FILE *fp = fopen(path, "rb");
    char *data = NULL;
    long len = -1;
    if (fp && fseek(fp, 0, SEEK_END) == 0 && (len = ftell(fp)) >= 0 &&
        fseek(fp, 0, SEEK_SET) == 0 && (data = po_arena_alloc(req->a, (size_t)len + 1)) &&
        fread(data, 1, (size_t)len, fp) == (size_t)len) {
        fclose(fp);
        unlink(path);
        po_resp_file(req, resp,
                     !strcmp(fmt, "csv")
                         ? "text/csv; charset=utf-8"
                         : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     !strcmp(fmt, "csv") ? "enterprises.csv" : "enterprises.xlsx", data,
                     (size_t)len);
        return;
    }
    if (fp)
        fclose(fp);
    unlink(path);
    po_resp_error(req, resp, 500, "internal", "无法读取导出文件", "cannot read the export back",
                  NULL);
}

static void enterprise(struct po_req *req, struct po_resp *resp)
{
    struct po_err err = PO_ERR_INIT;
    const char *scope = po_req_scope_district(req);
    json_t *e = po_registry_enterprise(req->st, req->a, po_req_param(req, "id"), &err);
    if (!e) {
        po_resp_err(req, resp, &err);
        return;
    }
    const char *dc = po_json_str(e, "district_code");
    if (scope && (!dc || strcmp(dc, scope))) {
        json_decref(e);
        po_resp_error(req, resp, 404, "not_found", "没有这家企业", "no such enterprise", NULL);
        return;
    }
    const char *uscc = po_arena_strdup(req->a, po_json_str(e, "uscc"));
    struct po_date d = po_api_today(req);
    char today[16];
    snprintf(today, sizeof today, "%04d-%02d-%02d", d.y, d.m, d.d);
    if (po_registry_enterprise_sections(e, req->st, today, &err) < 0) {
        json_decref(e);
        po_resp_err(req, resp, &err);
        return;
    }
    json_t *energy = po_api_enterprise_energy(req, resp, uscc);
    json_t *findings = energy ? po_api_enterprise_findings(req, resp, uscc) : NULL;
    po_api_rule_titles(req, findings);
    po_api_missing_names(req, findings);
    json_t *cases = findings ? po_api_enterprise_cases(req, resp, uscc) : NULL;
    if (!cases) {
        json_decref(e), json_decref(energy), json_decref(findings);
        return;
    }
    json_object_set_new(e, "energy", energy);
    json_object_set_new(e, "findings", findings);
    json_object_set_new(e, "cases", cases);
    po_resp_json(req, resp, 200, e, true);
}

/* ---- equipment, energy ---- */

static void equipment(struct po_req *req, struct po_resp *resp)
{
    struct po_page pg;
    if (po_req_page(&pg, req, resp, PO_REGISTRY_EQ_SORTS) < 0)
        return;
    struct po_registry_eq_filter f = {
        .scope = po_req_scope_district(req),
        .district = po_req_query(req, "district"),
        .status = po_req_query(req, "status"),
        .type = po_req_query(req, "type"),
        .uscc = po_req_query(req, "uscc"),
        .q = po_req_query(req, "q"),
    };
    struct po_err err = PO_ERR_INIT;
    struct po_listq_page lp = po_listresp_pg(&pg);
    int64_t total;
    json_t *items = po_registry_equipment(&total, req->st, req->a, &f, &lp, &err);
    po_listresp_answer(req, resp, items, total, &pg, &err);
}

static void energy(struct po_req *req, struct po_resp *resp)
{
    struct po_page pg;
    if (po_req_page(&pg, req, resp, PO_REGISTRY_ENERGY_SORTS) < 0)
        return;
    struct po_registry_energy_filter f = {
        .scope = po_req_scope_district(req),
        .uscc = po_req_query(req, "uscc"),
        .district = po_req_query(req, "district"),
        .energy_type = po_req_query(req, "energy_type"),
    };
    if (po_req_query_int(&f.year, req, resp, "year", 0, 0, 9999) < 0)
        return;
    struct po_err err = PO_ERR_INIT;
    struct po_listq_page lp = po_listresp_pg(&pg);
    int64_t total;
    json_t *items = po_registry_energy(&total, req->st, req->a, &f, &lp, &err);
    po_listresp_answer(req, resp, items, total, &pg, &err);
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
    struct po_err err = PO_ERR_INIT;
    json_t *items = po_registry_references(req->st, &err);
    if (!items)
        po_resp_err(req, resp, &err);
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) set_title(it, t, nt, po_json_str(it, "name"));
    po_resp_items(req, resp, items);
}

static void reference(struct po_req *req, struct po_resp *resp)
{
    const char *name = po_req_param(req, "name");
    struct po_err err = PO_ERR_INIT;
    json_t *head, *rows;
    if (po_registry_reference(&head, &rows, req->st, name, &err) < 0) {
        po_resp_err(req, resp, &err);
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
      "Enterprise list, filtered, sorted and paged", ENT_FILTERS, PO_REGISTRY_ENT_SORTS },
    { "GET", "/api/v1/enterprises/export", enterprises_export, PO_P_READ_REGISTRY, PO_RF_BINARY,
      "registry", "The filtered enterprise list as XLSX or CSV", ENT_FILTERS ",format", NULL },
    { "GET", "/api/v1/enterprises/{id}", enterprise, PO_P_READ_REGISTRY, 0, "registry",
      "One enterprise (by id or USCC) with equipment, energy history, findings, cases, inspections",
      NULL, NULL },
    { "GET", "/api/v1/equipment", equipment, PO_P_READ_REGISTRY, PO_RF_LIST, "registry",
      "Equipment (production units) list", "district,status,type,uscc,q", PO_REGISTRY_EQ_SORTS },
    { "GET", "/api/v1/energy", energy, PO_P_READ_REGISTRY, PO_RF_LIST, "registry",
      "Energy records as reported or metered", "year,uscc,district,energy_type",
      PO_REGISTRY_ENERGY_SORTS },
    { "GET", "/api/v1/reference", references, PO_P_READ_REGISTRY, 0, "reference",
      "Reference tables in force (latest version of each)", NULL, NULL },
    { "GET", "/api/v1/reference/{name}", reference, PO_P_READ_REGISTRY, 0, "reference",
      "One reference table with its rows, sources and confidence", NULL, NULL },
    { NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL },
};

/*
 * registry.c: reading the registry (registry.h).
 *
 * District scope: every query of a scoped caller gets "district_code = <its district>", so
 * another district's record is simply not there.
 */
#include "app/registry.h"

#include "util/arena.h"

#include <stdlib.h>
#include <string.h>

int po_registry_enterprise_district(const char **out, struct po_store *st, struct po_arena *a,
                                    const char *uscc, struct po_err *err)
{
    struct po_stmt *s = NULL;
    int rc = po_stmt_prepare(&s, st, "SELECT district_code FROM enterprise WHERE uscc = ?", err);
    if (rc == 0)
        rc = po_stmt_bind(s, 1, po_vtext(uscc), err);
    if (rc == 0)
        rc = po_stmt_step(s, err);
    const char *d = rc == 1 ? po_stmt_text(s, 0) : NULL;
    *out = d ? po_arena_strdup(a, d) : NULL;
    po_stmt_finalize(s);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return po_err_set(err, PO_ENOTFOUND, "没有这家企业", "no such enterprise");
    return 0;
}

json_t *po_registry_district_usccs(struct po_store *st, const char *district, struct po_err *err)
{
    struct po_value v = po_vtext(district);
    return po_listq_all(st, "SELECT uscc FROM enterprise WHERE district_code = ?", &v, 1, err);
}

json_t *po_registry_districts(struct po_store *st, struct po_err *err)
{
    return po_listq_all(st, "SELECT code, name, level, parent_code FROM district ORDER BY code",
                        NULL, 0, err);
}

json_t *po_registry_industries(struct po_store *st, struct po_err *err)
{
    return po_listq_all(st,
                        "SELECT code, edition, name, two_high AS two_high_bool FROM industry "
                        "ORDER BY edition DESC, code",
                        NULL, 0, err);
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

/* The filters shared by the list and the export. */
static void ent_where(struct po_listq *q, const struct po_registry_ent_filter *f)
{
    if (f->scope)
        po_listq_and_text(q, "e.district_code = ?", f->scope);
    if (f->district) {
        struct po_value two[2] = { po_vtext(f->district), po_vtext(f->district) };
        po_listq_and(q, "(e.district_code = ? OR e.park_code = ?)", 2, two);
    }
    if (f->industry)
        po_listq_and_text(q, "e.industry_code = ?", f->industry);
    if (f->status)
        po_listq_and_text(q, "e.status = ?", f->status);
    if (f->two_high >= 0) {
        struct po_value b = po_vint(f->two_high != 0);
        /* a class whose flag is not recorded (NULL, migration 0011) is neither: never read as 0 */
        po_listq_and(q, "i.two_high = ?", 1, &b);
    }
    if (f->q) {
        static const char *const cols[] = { "e.name", "e.uscc" };
        po_listq_like(q, cols, 2, f->q);
    }
}

json_t *po_registry_enterprises(int64_t *total, struct po_store *st, struct po_arena *a,
                                const struct po_registry_ent_filter *f,
                                const struct po_listq_page *pg, struct po_err *err)
{
    struct po_listq q;
    po_listq_init(&q, a);
    /* every enterprise has exactly one district and at most one industry row: only the
       two-high filter, on the industry, needs the joins to count */
    if (f->two_high < 0)
        q.count_from = "enterprise e";
    ent_where(&q, f);
    json_t *items =
        po_listq_page(total, st, ent_select, ent_from, &q, ent_sorts, "e.uscc", "e.id", pg, err);
    po_listq_release(&q);
    return items;
}

/* The enterprise's status in words, as the UI names it (UI.md; i18n.js es.*), for the export. */
#define EXPORT_STATUS_ZH                                                                                  \
    "CASE e.status WHEN 'operating' THEN '正常生产' WHEN 'limited' THEN '限产' "                    \
    "WHEN 'suspended' THEN '停产整改' WHEN 'closed' THEN '已关闭' WHEN 'exited' THEN '已退出' " \
    "ELSE e.status END"

int po_registry_enterprises_export(struct po_store *st, struct po_arena *a,
                                   const struct po_registry_ent_filter *f, const char *path,
                                   enum po_sheet_format fmt, struct po_err *err)
{
    struct po_listq q;
    po_listq_init(&q, a);
    ent_where(&q, f);
    const char *sql = po_arena_printf(
        a,
        "SELECT e.uscc, e.name, e.district_code, d.name, e.park_code, p.name, e.industry_code, "
        "i.name, " EXPORT_STATUS_ZH ", e.employees, e.address FROM %s "
        "LEFT JOIN district p ON p.code = e.park_code WHERE 1=1%s ORDER BY e.uscc",
        ent_from, q.where.len ? q.where.buf : "");
    struct po_sheetw *w = NULL;
    struct po_stmt *s = NULL;
    int rc = po_sheetw_open(&w, path, fmt, "企业台账", err);
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
        rc = po_sheetw_row(w, cells, NCOL, err);
    if (rc == 0)
        rc = po_stmt_prepare(&s, st, sql, err);
    if (rc == 0)
        rc = po_stmt_bindv(s, q.binds, q.nbinds, err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        for (int i = 0; i < NCOL; i++) {
            const char *t = po_stmt_text(s, i);
            cells[i] = (struct po_cell){ t ? (i == EMPLOYEES ? PO_CELL_NUMBER : PO_CELL_TEXT)
                                           : PO_CELL_EMPTY,
                                         t };
        }
        rc = po_sheetw_row(w, cells, NCOL, err);
    }
    po_stmt_finalize(s);
    int rc2 = po_sheetw_close(w, err);
    if (rc == 0)
        rc = rc2;
    po_listq_release(&q);
    return rc;
}

/* The first row sql selects with v bound as a JSON object; NULL with the store's error, or
 * with nothing in err and *none set when there is no row. */
static json_t *one_row(bool *none, struct po_store *st, const char *sql, struct po_value v,
                       struct po_err *err)
{
    *none = false;
    json_t *rows = po_listq_all(st, sql, &v, 1, err);
    if (!rows)
        return NULL;
    json_t *r = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    *none = !r;
    return r;
}

json_t *po_registry_enterprise(struct po_store *st, struct po_arena *a, const char *id,
                               struct po_err *err)
{
    char *end;
    long long n = strtoll(id, &end, 10);
    /* by numeric id or by USCC: a USCC has 18 characters and may be all digits
       (911503021110312058), a row id never has that many */
    bool by_id = *end == 0 && end != id && strlen(id) != 18;
    const char *sql = po_arena_printf(a,
                                      "SELECT %s, e.founded, e.address, e.uscc_override_reason "
                                      "FROM %s WHERE %s = ?",
                                      ent_select, ent_from, by_id ? "e.id" : "e.uscc");
    if (!sql) {
        po_err_set(err, PO_EUNAVAIL, "内存不足", "out of memory");
        return NULL;
    }
    bool none;
    json_t *e = one_row(&none, st, sql, by_id ? po_vint(n) : po_vtext(id), err);
    if (none)
        po_err_set(err, PO_ENOTFOUND, "没有这家企业", "no such enterprise");
    return e;
}

int po_registry_enterprise_sections(json_t *e, struct po_store *st, const char *today,
                                    struct po_err *err)
{
    int64_t eid = json_integer_value(json_object_get(e, "id"));
    struct po_value v = po_vint(eid);
    json_t *eq = po_listq_all(
        st,
        "SELECT id AS pk, equipment_id, equipment_type, name, status, commissioned, "
        "capacity_micro, capacity_unit, product FROM equipment WHERE enterprise_id = ? "
        "ORDER BY equipment_id",
        &v, 1, err);
    json_t *params =
        eq ? po_listq_all(st,
                          "SELECT p.equipment_pk, p.param, p.value_micro, p.value_text, p.unit "
                          "FROM equipment_param p JOIN equipment q ON q.id = p.equipment_pk "
                          "WHERE q.enterprise_id = ? ORDER BY p.equipment_pk, p.param",
                          &v, 1, err)
           : NULL;
    json_t *timeline =
        params ? po_listq_all(
                     st,
                     "SELECT date, 'inspection' AS kind, department, kind AS subject, severity, "
                     "document_no, violation, legal_basis FROM inspection WHERE enterprise_id = ? "
                     "ORDER BY date DESC, document_no",
                     &v, 1, err)
               : NULL;
    /* a licence past its valid_to is expired today whatever its recorded status says */
    struct po_value lv[2] = { po_vtext(today), po_vint(eid) };
    json_t *licences =
        timeline
            ? po_listq_all(st,
                           "SELECT licence_type, number, issuer, valid_from, valid_to, status, "
                           "CASE WHEN status = 'valid' AND valid_to IS NOT NULL AND valid_to < ? "
                           "THEN 'expired' ELSE status END AS effective_status, revoked_on, "
                           "revocation_reason FROM licence WHERE enterprise_id = ? "
                           "ORDER BY licence_type, number",
                           lv, 2, err)
            : NULL;
    if (!licences) {
        json_decref(eq), json_decref(params), json_decref(timeline);
        return err ? err->code : PO_EINTERNAL;
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
    return 0;
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

json_t *po_registry_equipment(int64_t *total, struct po_store *st, struct po_arena *a,
                              const struct po_registry_eq_filter *f, const struct po_listq_page *pg,
                              struct po_err *err)
{
    struct po_listq q;
    po_listq_init(&q, a);
    if (f->scope)
        po_listq_and_text(&q, "e.district_code = ?", f->scope);
    if (f->district)
        po_listq_and_text(&q, "e.district_code = ?", f->district);
    if (f->status)
        po_listq_and_text(&q, "q.status = ?", f->status);
    if (f->type)
        po_listq_and_text(&q, "q.equipment_type = ?", f->type);
    if (f->uscc)
        po_listq_and_text(&q, "e.uscc = ?", f->uscc);
    if (f->q) {
        static const char *const cols[] = { "e.name", "e.uscc", "q.name" };
        po_listq_like(&q, cols, 3, f->q);
    }
    json_t *items =
        po_listq_page(total, st,
                      "e.id AS enterprise_id, e.uscc, e.name AS enterprise_name, e.district_code, "
                      "q.equipment_id, q.equipment_type, q.name, q.status, q.commissioned, "
                      "q.capacity_micro, q.capacity_unit, q.product",
                      "equipment q JOIN enterprise e ON e.id = q.enterprise_id", &q, eq_sorts,
                      "e.uscc", "q.equipment_id", pg, err);
    po_listq_release(&q);
    return items;
}

static const struct po_listq_sort en_sorts[] = {
    { "uscc", "e.uscc" },
    { "year", "g.year" },
    { "month", "g.month" },
    { "energy_type", "g.energy_type" },
    { "quantity", "g.quantity_micro" },
    { NULL, NULL },
};

json_t *po_registry_energy(int64_t *total, struct po_store *st, struct po_arena *a,
                           const struct po_registry_energy_filter *f,
                           const struct po_listq_page *pg, struct po_err *err)
{
    struct po_listq q;
    po_listq_init(&q, a);
    if (f->scope)
        po_listq_and_text(&q, "e.district_code = ?", f->scope);
    if (f->uscc)
        po_listq_and_text(&q, "e.uscc = ?", f->uscc);
    if (f->district)
        po_listq_and_text(&q, "e.district_code = ?", f->district);
    if (f->energy_type)
        po_listq_and_text(&q, "g.energy_type = ?", f->energy_type);
    if (f->year) {
        struct po_value y = po_vint(f->year);
        po_listq_and(&q, "g.year = ?", 1, &y);
    }
    json_t *items = po_listq_page(
        total, st,
        "e.uscc, e.name, e.district_code, g.year, g.month, g.energy_type, g.purpose, "
        "g.product, g.source, g.quantity_micro, g.unit",
        "energy g JOIN enterprise e ON e.id = g.enterprise_id", &q, en_sorts, "e.uscc",
        "g.year, g.month, g.energy_type, g.purpose, g.product, g.source", pg, err);
    po_listq_release(&q);
    return items;
}

/* ---- reference tables ---- */

json_t *po_registry_references(struct po_store *st, struct po_err *err)
{
    return po_listq_all(
        st,
        "SELECT name, version, sha256, nrows, loaded_at FROM ref_table t "
        "WHERE version = (SELECT MAX(version) FROM ref_table u WHERE u.name = t.name) "
        "ORDER BY name",
        NULL, 0, err);
}

int po_registry_reference(json_t **head, json_t **rows, struct po_store *st, const char *name,
                          struct po_err *err)
{
    *head = *rows = NULL;
    bool none;
    json_t *h = one_row(&none, st,
                        "SELECT name, version, sha256, columns, nrows, loaded_at FROM ref_table "
                        "WHERE name = ? ORDER BY version DESC LIMIT 1",
                        po_vtext(name), err);
    if (none)
        return po_err_set(err, PO_ENOTFOUND, "没有这张参考表", "no such reference table");
    if (!h)
        return err ? err->code : PO_EINTERNAL;
    struct po_value vv[2] = { po_vtext(name),
                              po_vint(json_integer_value(json_object_get(h, "version"))) };
    json_t *r =
        po_listq_all(st,
                     "SELECT rowno, data, source, confidence FROM ref_row WHERE name = ? AND "
                     "version = ? ORDER BY rowno",
                     vv, 2, err);
    if (!r) {
        json_decref(h);
        return err ? err->code : PO_EINTERNAL;
    }
    *head = h;
    *rows = r;
    return 0;
}

/* ---- import batches ---- */

static const struct po_listq_sort batch_sorts[] = {
    { "id", "id" },     { "imported_at", "imported_at" },
    { "kind", "kind" }, { "file_name", "file_name" },
    { NULL, NULL },
};

json_t *po_registry_batches(int64_t *total, struct po_store *st, struct po_arena *a,
                            const struct po_registry_batch_filter *f,
                            const struct po_listq_page *pg, struct po_err *err)
{
    struct po_listq q;
    po_listq_init(&q, a);
    if (f->kind)
        po_listq_and_text(&q, "kind = ?", f->kind);
    if (f->actor)
        po_listq_and_text(&q, "actor = ?", f->actor);
    if (f->scope) /* a district officer: its own district's imports only (issue 16 §0) */
        po_listq_and_text(&q,
                          "actor IN (SELECT 'web:' || username FROM app_user WHERE district_code = ?)",
                          f->scope);
    json_t *items = po_listq_page(total, st,
                                  "id, kind, file_name, format, nrows AS rows, inserted, updated, "
                                  "unchanged, sha256, imported_at, actor",
                                  "import_batch", &q, batch_sorts, "id DESC", "id DESC", pg, err);
    po_listq_release(&q);
    return items;
}

int po_registry_ping(struct po_store *st, struct po_err *err)
{
    int64_t one = 0;
    return po_store_query_int(&one, st, "SELECT 1", NULL, 0, err);
}

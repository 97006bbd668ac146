/*
 * plandb.c: exit plans and supervision (plandb.h).
 *
 * Sums are exact integers (capacity_micro); only the percentage is a
 * double, computed once per row.
 */
#include "app/plandb.h"
#include "app/audit.h"
#include "format/table.h"
#include "core/account_grow.h"
#include "core/decimal.h"
#include "core/units.h"
#include "refdata/cityparams.h"
#include "report/notice.h"
#include "util/arena.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int nomem(struct po_err *err)
{
    return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
}

/* Plan rows by district, USCC, unit (bytes: collations differ between backends). */
static int by_unit(const void *pa, const void *pb)
{
    const struct po_plan_entry *a = pa, *b = pb;
    int c = strcmp(a->district_code, b->district_code);
    if (c == 0)
        c = strcmp(a->uscc, b->uscc);
    return c ? c : strcmp(a->equipment_id, b->equipment_id);
}

/*
 * Fill e's capacity (the registry's unless given), district and capacity
 * unit, copies in a; check what a plan row needs.  Read-only.
 */
static int resolve(struct po_plan_entry *e, struct po_store *st, struct po_arena *a,
                   struct po_err *err)
{
    struct po_stmt *s = NULL;
    struct po_value v[2] = { po_vtext(e->uscc), po_vtext(e->equipment_id) };
    int64_t cap = -1;
    int rc = po_stmt_prepare(&s, st,
                             "SELECT q.capacity_micro, coalesce(q.capacity_unit, ''),"
                             " e.district_code FROM equipment q JOIN enterprise e"
                             " ON e.id = q.enterprise_id WHERE e.uscc = ? AND q.equipment_id = ?",
                             err);
    if (rc == 0)
        rc = po_stmt_bindv(s, v, 2, err);
    if (rc == 0)
        rc = po_stmt_step(s, err);
    if (rc == 0)
        rc = po_err_set(err, PO_ENOTFOUND, "设备 %s（企业 %s）不存在",
                        "no unit %s of enterprise %s", e->equipment_id, e->uscc);
    else if (rc == 1) {
        cap = po_stmt_isnull(s, 0) ? -1 : po_stmt_int(s, 0);
        e->capacity_unit = po_arena_strdup(a, po_stmt_text(s, 1));
        e->district_code = po_arena_strdup(a, po_stmt_text(s, 2));
        rc = e->capacity_unit && e->district_code
                 ? 0
                 : po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    }
    po_stmt_finalize(s);
    if (rc < 0)
        return rc;
    if (e->capacity_micro < 0)
        e->capacity_micro = cap;
    if (e->capacity_micro < 0)
        return po_err_set(err, PO_EINVAL, "设备 %s 没有登记产能，请给出产能",
                          "unit %s has no capacity in the registry; give the capacity",
                          e->equipment_id);
    if (e->planned_on.y != e->year)
        return po_err_set(err, PO_EINVAL, "计划日期不在 %d 年内", "planned day is not in %d",
                          e->year);
    return 0;
}

/* Write one resolved row and its audit row (inside the caller's transaction). */
static int write_row(struct po_store *st, const struct po_plan_entry *e, struct po_err *err)
{
    char on[16], at[32], object[160], detail[256];
    po_deadline_format_date(on, sizeof(on), e->planned_on);
    po_audit_now(at, sizeof(at));
    struct po_value v[10] = { po_vint(e->year),
                              po_vtext(e->uscc),
                              po_vtext(e->equipment_id),
                              po_vtext(e->district_code),
                              po_vint(e->capacity_micro),
                              po_vtext(e->capacity_unit),
                              po_vtext(on),
                              po_vtext(e->measure),
                              po_vtext(e->actor),
                              po_vtext(at) };
    int rc = po_store_run(
        st,
        "INSERT INTO exit_plan(year, uscc, equipment_id, district_code, capacity_micro,"
        " capacity_unit, planned_on, measure, entered_by, entered_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(year, uscc, equipment_id) DO UPDATE SET"
        " district_code = excluded.district_code,"
        " capacity_micro = excluded.capacity_micro,"
        " capacity_unit = excluded.capacity_unit, planned_on = excluded.planned_on,"
        " measure = excluded.measure, entered_by = excluded.entered_by,"
        " entered_at = excluded.entered_at",
        v, 10, err);
    snprintf(object, sizeof(object), "exit_plan/%d/%s/%s", e->year, e->uscc, e->equipment_id);
    snprintf(detail, sizeof(detail),
             "district=%s capacity_micro=%" PRId64 " unit=%s planned=%s"
             " measure=%s",
             e->district_code, e->capacity_micro, e->capacity_unit, on, e->measure);
    if (rc == 0)
        rc = po_audit_append(st, at, e->actor, "plan.add", object, detail, err);
    return rc;
}

int po_plandb_add(struct po_store *st, const struct po_plan_entry *e, struct po_err *err)
{
    struct po_arena *a = po_arena_new();
    if (!a)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    struct po_plan_entry r = *e;
    int rc = resolve(&r, st, a, err);
    if (rc == 0)
        rc = po_store_begin(st, err);
    if (rc == 0)
        rc = po_store_end(st, write_row(st, &r, err), err);
    po_arena_destroy(a);
    return rc;
}

enum { COL_USCC, COL_EQUIPMENT, COL_PLANNED, COL_MEASURE, COL_CAPACITY, NCOLS };
static const char *const col_names[NCOLS] = { "uscc", "equipment_id", "planned_on", "measure",
                                              "capacity" };

struct read_ctx {
    struct po_store *st;
    struct po_arena *a;
    int year;
    const char *actor;
    int col[NCOLS]; /* field index of each column, -1 absent */
    struct po_plan_entry *rows;
    size_t n, cap;
    struct po_plan_rowerr *errs;
    size_t nerrs, caperrs;
};

static int header(struct read_ctx *c, const struct po_row *row, struct po_err *err)
{
    for (int k = 0; k < NCOLS; k++) {
        c->col[k] = -1;
        for (size_t i = 0; i < row->nfields; i++)
            if (po_str_eq(po_str_trim(row->fields[i]), col_names[k]))
                c->col[k] = (int)i;
        if (c->col[k] < 0 && k != COL_CAPACITY)
            return po_err_set(err, PO_EINVAL, "表头缺少列 %s", "header lacks column %s",
                              col_names[k]);
    }
    return 0;
}

/* Field k of row as a NUL-terminated copy in a ("" when absent); NULL when out of memory. */
static const char *field_of(const struct read_ctx *c, const struct po_row *row, int k)
{
    int i = c->col[k];
    struct po_str f =
        i >= 0 && (size_t)i < row->nfields ? po_str_trim(row->fields[i]) : po_str_c("");
    return po_arena_strndup(c->a, f.ptr, f.len);
}

/* Record a bad row; the reading goes on. */
static int row_error(struct read_ctx *c, size_t rowno, const struct po_err *e, struct po_err *err)
{
    if (po_acct_grow((void **)&c->errs, &c->caperrs, c->nerrs, sizeof(*c->errs), c->a) < 0)
        return nomem(err);
    c->errs[c->nerrs].rowno = rowno;
    c->errs[c->nerrs].err = *e;
    po_err_context(&c->errs[c->nerrs].err, "row %zu", rowno);
    c->nerrs++;
    return 0;
}

static int push_row(struct read_ctx *c, const struct po_plan_entry *e, struct po_err *err)
{
    if (po_acct_grow((void **)&c->rows, &c->cap, c->n, sizeof(*c->rows), c->a) < 0)
        return nomem(err);
    c->rows[c->n++] = *e;
    return 0;
}

/* Check one data row into e; a bad row fills rerr and returns its code. */
static int check_row(struct po_plan_entry *e, struct read_ctx *c, const struct po_row *row,
                     struct po_err *rerr)
{
    const char *planned = field_of(c, row, COL_PLANNED);
    const char *capacity = field_of(c, row, COL_CAPACITY);
    *e = (struct po_plan_entry){ c->year,
                                 field_of(c, row, COL_USCC),
                                 field_of(c, row, COL_EQUIPMENT),
                                 -1,
                                 { 0, 0, 0 },
                                 field_of(c, row, COL_MEASURE),
                                 c->actor,
                                 NULL,
                                 NULL,
                                 row->rowno };
    if (!planned || !capacity || !e->uscc || !e->equipment_id || !e->measure)
        return nomem(rerr);
    if (!e->uscc[0] || !e->equipment_id[0] || !e->measure[0])
        return po_err_set(rerr, PO_EINVAL, "uscc、equipment_id、measure 不能为空",
                          "uscc, equipment_id and measure must not be empty");
    int rc = po_deadline_parse_date(&e->planned_on, planned, strlen(planned), rerr);
    if (rc == 0 && capacity[0] &&
        po_dec_parse(&e->capacity_micro, capacity, strlen(capacity)) != PO_DEC_OK)
        rc = po_err_set(rerr, PO_EINVAL, "产能 \"%s\" 不是数字", "capacity \"%s\" is not a number",
                        capacity);
    if (rc == 0 && e->capacity_micro < -1)
        rc = po_err_set(rerr, PO_EINVAL, "产能不能为负", "capacity must not be negative");
    for (size_t i = 0; rc == 0 && i < c->n; i++)
        if (strcmp(c->rows[i].uscc, e->uscc) == 0 &&
            strcmp(c->rows[i].equipment_id, e->equipment_id) == 0)
            rc = po_err_set(rerr, PO_EINVAL, "设备 %s 已在第 %zu 行列入计划",
                            "unit %s is already planned in row %zu", e->equipment_id,
                            c->rows[i].rowno);
    if (rc == 0)
        rc = resolve(e, c->st, c->a, rerr);
    return rc;
}

static int read_row(void *ctx, const struct po_row *row, struct po_err *err)
{
    struct read_ctx *c = ctx;
    if (row->rowno == 1)
        return header(c, row, err);
    struct po_plan_entry e;
    struct po_err rerr = PO_ERR_INIT;
    int rc = check_row(&e, c, row, &rerr);
    if (rc == PO_ENOMEM || rc == PO_EUNAVAIL || rc == PO_EINTERNAL || rc == PO_EIO) {
        *err = rerr; /* the store or memory failed, not the row: stop */
        return rc;
    }
    return rc < 0 ? row_error(c, row->rowno, &rerr, err) : push_row(c, &e, err);
}

int po_plandb_read(struct po_plan_entry **out, size_t *n, struct po_plan_rowerr **errs,
                   size_t *nerrs, struct po_store *st, int year, const char *actor,
                   const char *path, struct po_arena *a, struct po_err *err)
{
    struct read_ctx c = { st, a, year, actor, { -1, -1, -1, -1, -1 }, NULL, 0, 0, NULL, 0, 0 };
    *out = NULL;
    *n = *nerrs = 0;
    *errs = NULL;
    int rc = po_table_read(path, NULL, read_row, &c, err);
    if (rc < 0)
        return rc;
    *errs = c.errs;
    *nerrs = c.nerrs;
    if (c.nerrs)
        return po_err_set(err, PO_EINVAL, "计划文件有 %zu 行错误，未写入任何数据",
                          "%zu rows of the plan file are bad; nothing was written", c.nerrs);
    *out = c.rows;
    *n = c.n;
    return 0;
}

int po_plandb_import(int64_t *nrows, struct po_plan_rowerr **errs, size_t *nerrs,
                     struct po_store *st, int year, const char *actor, const char *path,
                     struct po_arena *a, struct po_err *err)
{
    struct po_plan_entry *rows = NULL;
    size_t n = 0;
    int rc = po_plandb_read(&rows, &n, errs, nerrs, st, year, actor, path, a, err);
    if (rc < 0)
        return rc;
    rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc = write_row(st, &rows[i], err);
        if (rc < 0)
            po_err_context(err, "row %zu", rows[i].rowno);
    }
    rc = po_store_end(st, rc, err);
    if (rc == 0)
        *nrows = (int64_t)n;
    return rc;
}

int po_plandb_rows(struct po_plan_entry **out, size_t *n, struct po_store *st, int year,
                   const char *district, struct po_arena *a, struct po_err *err)
{
    struct po_stmt *s = NULL;
    struct po_value v[3] = { po_vint(year), po_vtext(district ? district : ""),
                             po_vtext(district ? district : "") };
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    int rc = po_stmt_prepare(&s, st,
                             "SELECT uscc, equipment_id, district_code, capacity_micro,"
                             " capacity_unit, planned_on, measure, entered_by FROM exit_plan"
                             " WHERE year = ? AND (? = '' OR district_code = ?)",
                             err);
    if (rc == 0)
        rc = po_stmt_bindv(s, v, 3, err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        rc = 0;
        if (po_acct_grow((void **)out, &cap, *n, sizeof(**out), a) < 0) {
            rc = nomem(err);
            break;
        }
        struct po_plan_entry *e = &(*out)[(*n)++];
        const char *on = po_stmt_text(s, 5);
        memset(e, 0, sizeof(*e));
        e->year = year;
        e->uscc = po_arena_strdup(a, po_stmt_text(s, 0));
        e->equipment_id = po_arena_strdup(a, po_stmt_text(s, 1));
        e->district_code = po_arena_strdup(a, po_stmt_text(s, 2));
        e->capacity_micro = po_stmt_int(s, 3);
        e->capacity_unit = po_arena_strdup(a, po_stmt_text(s, 4));
        e->measure = po_arena_strdup(a, po_stmt_text(s, 6));
        e->actor = po_arena_strdup(a, po_stmt_text(s, 7));
        if (!e->uscc || !e->equipment_id || !e->district_code || !e->capacity_unit || !e->measure ||
            !e->actor)
            rc = nomem(err);
        if (rc == 0)
            rc = po_deadline_parse_date(&e->planned_on, on ? on : "", on ? strlen(on) : 0, err);
    }
    po_stmt_finalize(s);
    if (rc < 0)
        return rc;
    if (*n > 1)
        qsort(*out, *n, sizeof(**out), by_unit);
    return 0;
}

static int by_progress(const void *pa, const void *pb)
{
    const struct po_plan_progress *a = pa, *b = pb;
    if (a->progress_pct != b->progress_pct)
        return a->progress_pct < b->progress_pct ? -1 : 1;
    int c = strcmp(a->district_code, b->district_code);
    return c ? c : strcmp(a->capacity_unit, b->capacity_unit);
}

static void judge(struct po_plan_progress *p, long elapsed, long days,
                  const struct po_plan_thresholds *th)
{
    p->expected_micro = (int64_t)((double)p->planned_micro * (double)elapsed / (double)days);
    p->progress_pct =
        p->expected_micro > 0 ? 100.0 * (double)p->exited_micro / (double)p->expected_micro : 100.0;
    p->flag = p->progress_pct < th->interview_pct ? PO_PLAN_INTERVIEW
              : p->progress_pct < th->notice_pct  ? PO_PLAN_NOTICE
                                                  : PO_PLAN_ON_TRACK;
}

int po_plandb_report(struct po_plan_progress **out, size_t *n, struct po_store *st, int year,
                     struct po_date as_of, const struct po_plan_thresholds *th, struct po_arena *a,
                     struct po_err *err)
{
    struct po_date jan1 = { year, 1, 1 }, next = { year + 1, 1, 1 };
    long days = po_deadline_days_between(jan1, next);
    long elapsed = po_deadline_days_between(jan1, as_of) + 1;
    elapsed = elapsed < 0 ? 0 : elapsed > days ? days : elapsed;
    struct po_stmt *s = NULL;
    struct po_value v = po_vint(year);
    size_t cap = 0;
    *n = 0;
    *out = NULL;
    int rc = po_stmt_prepare(
        &s, st,
        "SELECT p.district_code, d.name, p.capacity_unit, CAST(sum(p.capacity_micro) AS BIGINT),"
        " count(*),"
        " CAST(sum(CASE WHEN q.status IN ('sealed', 'dismantled') OR e.status IN ('closed', "
        "'exited')"
        " THEN p.capacity_micro ELSE 0 END) AS BIGINT),"
        " CAST(sum(CASE WHEN q.status IN ('sealed', 'dismantled') OR e.status IN ('closed', "
        "'exited')"
        " THEN 1 ELSE 0 END) AS BIGINT)"
        " FROM exit_plan p JOIN district d ON d.code = p.district_code"
        " JOIN enterprise e ON e.uscc = p.uscc"
        " LEFT JOIN equipment q ON q.enterprise_id = e.id AND q.equipment_id = p.equipment_id"
        " WHERE p.year = ? GROUP BY p.district_code, d.name, p.capacity_unit",
        err);
    if (rc == 0)
        rc = po_stmt_bindv(s, &v, 1, err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        rc = 0;
        if (po_acct_grow((void **)out, &cap, *n, sizeof(**out), a) < 0) {
            rc = nomem(err);
            break;
        }
        struct po_plan_progress *p = &(*out)[(*n)++];
        memset(p, 0, sizeof(*p));
        p->district_code = po_arena_strdup(a, po_stmt_text(s, 0));
        p->district_name = po_arena_strdup(a, po_stmt_text(s, 1));
        p->capacity_unit = po_arena_strdup(a, po_stmt_text(s, 2));
        if (!p->district_code || !p->district_name || !p->capacity_unit)
            rc = po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
        p->planned_micro = po_stmt_int(s, 3);
        p->units_planned = po_stmt_int(s, 4);
        p->exited_micro = po_stmt_int(s, 5);
        p->units_exited = po_stmt_int(s, 6);
        judge(p, elapsed, days, th);
    }
    po_stmt_finalize(s);
    if (rc < 0)
        return rc;
    if (*n > 1)
        qsort(*out, *n, sizeof(**out), by_progress);
    return 0;
}

int po_plandb_draft(struct po_plan_draft *out, const struct po_plan_progress *p, int year,
                    struct po_date as_of, struct po_arena *a, struct po_err *err)
{
    out->zh = out->en = NULL;
    if (p->flag == PO_PLAN_ON_TRACK)
        return 0;
    struct po_city_params cp;
    int rc = po_cityparams_load(&cp, err);
    if (rc < 0)
        return rc;
    const struct po_notice_periods periods = { cp.plan_interview_within_workdays,
                                               cp.plan_notice_reply_days };
    const struct po_notice_plan n = {
        .district_name = p->district_name,
        .capacity_unit = p->capacity_unit,
        .year = year,
        .as_of = as_of,
        .planned_micro = p->planned_micro,
        .expected_micro = p->expected_micro,
        .exited_micro = p->exited_micro,
        .units_planned = p->units_planned,
        .units_exited = p->units_exited,
        .progress_pct = p->progress_pct,
        .interview = p->flag == PO_PLAN_INTERVIEW,
    };
    return po_notice_plan_draft(&out->zh, &out->en, &n, &periods, a, err);
}

int po_plandb_default_year(int *out, bool *from_plans, struct po_store *st, int this_year,
                           struct po_err *err)
{
    struct po_stmt *s = NULL;
    int rc = po_stmt_prepare(&s, st, "SELECT max(year) FROM exit_plan", err);
    if (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        bool some = !po_stmt_isnull(s, 0);
        *out = some ? (int)po_stmt_int(s, 0) : this_year;
        if (from_plans)
            *from_plans = some;
        rc = 0;
    }
    po_stmt_finalize(s);
    return rc;
}

/* ---- for the web ---- */

#define PLAN_SELECT                                                                                \
    "p.year, p.uscc, e.name AS enterprise_name, p.equipment_id, p.district_code, "                 \
    "p.capacity_micro, p.capacity_unit, p.planned_on, p.measure, "                                 \
    "CASE WHEN q.status IN ('sealed', 'dismantled') OR e.status IN ('closed', 'exited') "          \
    "THEN 1 ELSE 0 END AS exited_bool, p.entered_by, p.entered_at"
#define PLAN_FROM                                                                                  \
    "exit_plan p JOIN enterprise e ON e.uscc = p.uscc "                                            \
    "LEFT JOIN equipment q ON q.enterprise_id = e.id AND q.equipment_id = p.equipment_id"

static const struct po_listq_sort plan_sorts[] = {
    { "year", "p.year" },
    { "uscc", "p.uscc" },
    { "district_code", "p.district_code" },
    { "planned_on", "p.planned_on" },
    { "capacity", "p.capacity_micro" },
    { NULL, NULL },
};

json_t *po_plandb_page(int64_t *total, struct po_store *st, struct po_arena *a,
                       const struct po_plan_list_filter *f, const struct po_listq_page *pg,
                       struct po_err *err)
{
    struct po_listq q;
    po_listq_init(&q, a);
    if (f->scope)
        po_listq_and_text(&q, "p.district_code = ?", f->scope);
    if (f->district)
        po_listq_and_text(&q, "p.district_code = ?", f->district);
    if (f->uscc)
        po_listq_and_text(&q, "p.uscc = ?", f->uscc);
    if (f->year) {
        struct po_value y = po_vint(f->year);
        po_listq_and(&q, "p.year = ?", 1, &y);
    }
    json_t *items =
        po_listq_page(total, st, PLAN_SELECT, PLAN_FROM, &q, plan_sorts,
                      "p.year DESC, p.district_code", "p.uscc, p.equipment_id", pg, err);
    po_listq_release(&q);
    return items;
}

json_t *po_plandb_row(struct po_store *st, int year, const char *uscc, const char *equipment_id,
                      struct po_err *err)
{
    struct po_value v[3] = { po_vint(year), po_vtext(uscc), po_vtext(equipment_id) };
    json_t *rows = po_listq_all(st,
                                "SELECT " PLAN_SELECT " FROM " PLAN_FROM
                                " WHERE p.year = ? AND p.uscc = ? AND p.equipment_id = ?",
                                v, 3, err);
    if (!rows)
        return NULL;
    json_t *r = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    return r ? r : json_null();
}

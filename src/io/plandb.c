/*
 * plandb.c: exit plans and supervision (plandb.h).
 *
 * Sums are exact integers (capacity_micro); only the percentage is a
 * double, computed once per row.
 */
#include "io/plandb.h"
#include "io/audit.h"
#include "io/table.h"
#include "core/decimal.h"
#include "util/arena.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unit_capacity(int64_t *cap, char *unit, size_t un, char *district, size_t dn,
                         struct po_store *st, const struct po_plan_entry *e, struct po_err *err)
{
    struct po_stmt *s = NULL;
    struct po_value v[2] = { po_vtext(e->uscc), po_vtext(e->equipment_id) };
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
        *cap = po_stmt_isnull(s, 0) ? -1 : po_stmt_int(s, 0);
        snprintf(unit, un, "%s", po_stmt_text(s, 1));
        snprintf(district, dn, "%s", po_stmt_text(s, 2));
        rc = 0;
    }
    po_stmt_finalize(s);
    return rc;
}

static int add_tx(struct po_store *st, const struct po_plan_entry *e, struct po_err *err)
{
    int64_t cap = -1;
    char unit[64], district[32], on[16], at[32], object[160], detail[256];
    int rc = unit_capacity(&cap, unit, sizeof(unit), district, sizeof(district), st, e, err);
    if (rc < 0)
        return rc;
    if (e->capacity_micro >= 0)
        cap = e->capacity_micro;
    if (cap < 0)
        return po_err_set(err, PO_EINVAL, "设备 %s 没有登记产能，请用 --capacity 给出",
                          "unit %s has no capacity in the registry; give --capacity",
                          e->equipment_id);
    if (e->planned_on.y != e->year)
        return po_err_set(err, PO_EINVAL, "计划日期不在 %d 年内", "planned day is not in %d",
                          e->year);
    po_deadline_format_date(on, sizeof(on), e->planned_on);
    po_audit_now(at, sizeof(at));
    struct po_value v[10] = { po_vint(e->year),   po_vtext(e->uscc),    po_vtext(e->equipment_id),
                              po_vtext(district), po_vint(cap),         po_vtext(unit),
                              po_vtext(on),       po_vtext(e->measure), po_vtext(e->actor),
                              po_vtext(at) };
    rc = po_store_run(
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
             district, cap, unit, on, e->measure);
    if (rc == 0)
        rc = po_audit_append(st, at, e->actor, "plan.add", object, detail, err);
    return rc;
}

int po_plandb_add(struct po_store *st, const struct po_plan_entry *e, struct po_err *err)
{
    int rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    rc = add_tx(st, e, err);
    return po_store_end(st, rc, err);
}

enum { COL_USCC, COL_EQUIPMENT, COL_PLANNED, COL_MEASURE, COL_CAPACITY, NCOLS };
static const char *const col_names[NCOLS] = { "uscc", "equipment_id", "planned_on", "measure",
                                              "capacity" };

struct import_ctx {
    struct po_store *st;
    int year;
    const char *actor;
    int col[NCOLS]; /* field index of each column, -1 absent */
    int64_t rows;
};

static int header(struct import_ctx *c, const struct po_row *row, struct po_err *err)
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

/* Field k of row as a NUL-terminated copy in buf ("" when absent). */
static const char *field_of(char *buf, size_t n, const struct import_ctx *c,
                            const struct po_row *row, int k)
{
    int i = c->col[k];
    struct po_str f =
        i >= 0 && (size_t)i < row->nfields ? po_str_trim(row->fields[i]) : po_str_c("");
    snprintf(buf, n, "%.*s", (int)f.len, f.ptr);
    return buf;
}

static int import_row(void *ctx, const struct po_row *row, struct po_err *err)
{
    struct import_ctx *c = ctx;
    if (row->rowno == 1)
        return header(c, row, err);
    char uscc[64], eq[128], planned[32], measure[64], capacity[64];
    struct po_plan_entry e = { c->year,
                               field_of(uscc, sizeof(uscc), c, row, COL_USCC),
                               field_of(eq, sizeof(eq), c, row, COL_EQUIPMENT),
                               -1,
                               { 0, 0, 0 },
                               field_of(measure, sizeof(measure), c, row, COL_MEASURE),
                               c->actor };
    field_of(planned, sizeof(planned), c, row, COL_PLANNED);
    field_of(capacity, sizeof(capacity), c, row, COL_CAPACITY);
    int rc = po_deadline_parse_date(&e.planned_on, planned, strlen(planned), err);
    if (rc == 0 && capacity[0] && po_dec_parse(&e.capacity_micro, capacity, strlen(capacity)))
        rc = po_err_set(err, PO_EINVAL, "产能 \"%s\" 不是数字", "capacity \"%s\" is not a number",
                        capacity);
    if (rc == 0 && (!uscc[0] || !eq[0] || !measure[0]))
        rc = po_err_set(err, PO_EINVAL, "uscc、equipment_id、measure 不能为空",
                        "uscc, equipment_id and measure must not be empty");
    if (rc == 0)
        rc = add_tx(c->st, &e, err);
    if (rc < 0) {
        po_err_context(err, "row %zu", row->rowno);
        return rc;
    }
    c->rows++;
    return 0;
}

int po_plandb_import(int64_t *nrows, struct po_store *st, int year, const char *actor,
                     const char *path, struct po_err *err)
{
    struct import_ctx c = { st, year, actor, { -1, -1, -1, -1, -1 }, 0 };
    int rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    rc = po_table_read(path, NULL, import_row, &c, err);
    rc = po_store_end(st, rc, err);
    if (rc == 0)
        *nrows = c.rows;
    return rc;
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
        if (*n == cap) {
            size_t ncap = cap ? 2 * cap : 8;
            struct po_plan_progress *g =
                po_arena_realloc(a, *out, cap * sizeof(**out), ncap * sizeof(**out));
            if (!g) {
                rc = po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
                break;
            }
            *out = g;
            cap = ncap;
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

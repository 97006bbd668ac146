/*
 * calendar.c: the holiday calendar — data/cn_holidays.csv, a notice file a city imports, and
 * the calendar with stored imports laid over (calendar.h); the store's side is app/calendardb.c.
 *
 * The compiled-in file is sorted by date, so its rows are kept in file
 * order and the core's po_deadline_calendar_check() proves it; sorting
 * there would hide an edit that put a row in the wrong place.  An imported
 * file is a user's file: it is sorted here, and a date twice is an error.
 * Both go through the same row check (entry()), so an import accepts what
 * the compiled-in file may hold and nothing else.
 */
#include "refdata/calendar.h"
#include "refdata/refdata.h"
#include "format/table.h"
#include "util/arena.h"
#include "util/buf.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CAL_FILE "data/cn_holidays.csv"
#define YEAR_MIN 2000
#define YEAR_MAX 2199
#define NYEARS (YEAR_MAX - YEAR_MIN + 1)

struct entries {
    struct po_arena *a;
    struct po_cal_entry *v;
    size_t n, cap;
    unsigned char year_seen[NYEARS];
};

static int nomem(struct po_err *err)
{
    return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
}

int po_calendar_entry(struct po_cal_entry *e, const struct po_str *f, size_t n, struct po_arena *a,
                      struct po_err *err)
{
    if (n != 4)
        return po_err_set(err, PO_EINVAL, "应为 4 列（date,kind,name,source），实为 %zu 列",
                          "want 4 columns (date,kind,name,source), got %zu", n);
    int rc = po_deadline_parse_date(&e->date, f[0].ptr, f[0].len, err);
    if (rc < 0)
        return rc;
    if (po_str_eq(f[1], "holiday"))
        e->kind = PO_CAL_HOLIDAY;
    else if (po_str_eq(f[1], "workday"))
        e->kind = PO_CAL_WORKDAY;
    else
        return po_err_set(err, PO_EINVAL, "类别“%.*s”无效（应为 holiday 或 workday）",
                          "invalid kind \"%.*s\" (want holiday or workday)",
                          (int)(f[1].len > 64 ? 64 : f[1].len), f[1].ptr);
    if (e->date.y < YEAR_MIN || e->date.y > YEAR_MAX)
        return po_err_set(err, PO_EINVAL, "年份 %d 超出 %d–%d", "year %d outside %d-%d", e->date.y,
                          YEAR_MIN, YEAR_MAX);
    if (e->kind == PO_CAL_WORKDAY && po_deadline_weekday(e->date) < 6)
        return po_err_set(err, PO_EINVAL, "调休上班日 %.*s 不是周六或周日",
                          "makeup working day %.*s is not a Saturday or Sunday", (int)f[0].len,
                          f[0].ptr);
    if (f[2].len == 0 || f[3].len == 0)
        return po_err_set(err, PO_EINVAL,
                          "name（节日名称）和 source（国务院办公厅通知文号）不能为空",
                          "name (the holiday) and source (the State Council notice) are required");
    e->name = po_arena_strndup(a, f[2].ptr, f[2].len);
    e->source = po_arena_strndup(a, f[3].ptr, f[3].len);
    return e->name && e->source ? 0 : nomem(err);
}

static int push(struct entries *x, const struct po_cal_entry *e, struct po_err *err)
{
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 256;
        struct po_cal_entry *v =
            po_arena_realloc(x->a, x->v, x->cap * sizeof(*v), cap * sizeof(*v));
        if (!v)
            return nomem(err);
        x->v = v;
        x->cap = cap;
    }
    x->v[x->n++] = *e;
    x->year_seen[e->date.y - YEAR_MIN] = 1;
    return 0;
}

static int embedded_row(void *vctx, size_t rowno, char **f, size_t n, struct po_err *err)
{
    struct entries *x = vctx;
    if (rowno == 0)
        return 0;
    struct po_str s[4];
    for (size_t i = 0; i < n && i < 4; i++)
        s[i] = po_str_c(f[i]);
    struct po_cal_entry e = { { 0, 0, 0 }, PO_CAL_NONE, NULL, NULL };
    int rc = po_calendar_entry(&e, s, n, x->a, err);
    if (rc == 0)
        rc = push(x, &e, err);
    if (rc < 0)
        po_err_context(err, "%s row %zu", CAL_FILE, rowno + 1);
    return rc;
}

/* The calendar of x's entries (sorted), checked: no gap between years, the core's invariants. */
static int finish(struct po_calendar *out, const struct entries *x, const char *source,
                  struct po_err *err)
{
    if (x->n == 0)
        return po_err_set(err, PO_EINVAL, "%s 没有数据", "%s has no rows", source);
    struct po_calendar c = { .entries = x->v,
                             .n = x->n,
                             .first_year = x->v[0].date.y,
                             .last_year = x->v[x->n - 1].date.y,
                             .source = source,
                             .uncovered = PO_CAL_UNCOVERED_ERROR };
    for (int y = c.first_year; y <= c.last_year; y++)
        if (!x->year_seen[y - YEAR_MIN])
            return po_err_set(err, PO_EINVAL, "%s 缺少 %d 年的数据（年份不能间断）",
                              "%s has no rows for year %d (no gap between years)", source, y);
    int rc = po_deadline_calendar_check(&c, err);
    if (rc < 0) {
        po_err_context(err, "%s", source);
        return rc;
    }
    *out = c;
    return 0;
}

int po_calendar_load(struct po_calendar *out, struct po_arena *a, struct po_err *err)
{
    struct entries x = { .a = a };
    int rc = po_ref_parse(CAL_FILE, embedded_row, &x, err);
    return rc < 0 ? rc : finish(out, &x, CAL_FILE, err);
}

static int by_date(const void *pa, const void *pb)
{
    const struct po_cal_entry *a = pa, *b = pb;
    return po_date_cmp(a->date, b->date);
}

/* ---- the database's imports laid over ---- */

int po_calendar_overlay(struct po_calendar *out, const struct po_calendar *base,
                        const struct po_calendar_stored *rows, size_t nrows, struct po_arena *a,
                        struct po_err *err)
{
    if (nrows == 0) {
        *out = *base;
        return 0;
    }
    int64_t latest[NYEARS] = { 0 };
    for (size_t i = 0; i < nrows; i++) {
        int y = rows[i].e.date.y - YEAR_MIN;
        if (rows[i].import_id > latest[y])
            latest[y] = rows[i].import_id;
    }
    int rc = 0;
    struct entries x = { .a = a };
    for (size_t i = 0; rc == 0 && i < base->n; i++)
        if (!latest[base->entries[i].date.y - YEAR_MIN])
            rc = push(&x, &base->entries[i], err);
    struct po_buf src = PO_BUF_INIT;
    src.arena = a;
    po_buf_addf(&src, "%s", CAL_FILE);
    int64_t last_id = 0;
    for (size_t i = 0; rc == 0 && i < nrows; i++) {
        if (rows[i].import_id != latest[rows[i].e.date.y - YEAR_MIN])
            continue;
        rc = push(&x, &rows[i].e, err);
        if (rows[i].import_id != last_id)
            po_buf_addf(&src, " + calendar_import %" PRId64, rows[i].import_id);
        last_id = rows[i].import_id;
    }
    if (rc == 0 && po_buf_failed(&src))
        rc = nomem(err);
    if (rc < 0)
        return rc;
    qsort(x.v, x.n, sizeof(x.v[0]), by_date);
    return finish(out, &x, src.buf, err);
}

/* ---- a notice file ---- */

struct file_ctx {
    struct entries x;
    const char *name; /* base name for messages */
    bool header_seen;
};

static int file_row(void *vctx, const struct po_row *row, struct po_err *err)
{
    struct file_ctx *c = vctx;
    static const char *const cols[] = { "date", "kind", "name", "source" };
    int rc = 0;
    if (!c->header_seen) {
        c->header_seen = true;
        bool ok = row->nfields == 4;
        for (size_t i = 0; ok && i < 4; i++)
            ok = po_str_eq(po_str_trim(row->fields[i]), cols[i]);
        if (!ok)
            rc = po_err_set(err, PO_EINVAL, "表头应为 date,kind,name,source（与 %s 相同）",
                            "the header must be date,kind,name,source (as in %s)", CAL_FILE);
    } else {
        struct po_cal_entry e = { { 0, 0, 0 }, PO_CAL_NONE, NULL, NULL };
        rc = po_calendar_entry(&e, row->fields, row->nfields, c->x.a, err);
        if (rc == 0)
            rc = push(&c->x, &e, err);
    }
    if (rc < 0)
        po_err_context(err, "%s row %zu", c->name, row->rowno);
    return rc;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* Read and check the file: rows sorted, no date twice, each year with a holiday. */
static int read_file(struct file_ctx *c, const char *path, struct po_err *err)
{
    int rc = po_table_read(path, NULL, file_row, c, err);
    if (rc == 0 && c->x.n == 0)
        rc = po_err_set(err, PO_EINVAL, "%s 没有数据行", "%s has no data rows", c->name);
    if (rc < 0)
        return rc;
    qsort(c->x.v, c->x.n, sizeof(c->x.v[0]), by_date);
    char b[PO_DATE_BUFSZ];
    for (size_t i = 1; i < c->x.n; i++)
        if (po_date_cmp(c->x.v[i - 1].date, c->x.v[i].date) == 0)
            return po_err_set(err, PO_EINVAL, "%s：日期 %s 出现两次",
                              "%s: the date %s appears twice", c->name,
                              po_deadline_format_date(b, sizeof(b), c->x.v[i].date));
    bool holiday[NYEARS] = { false };
    for (size_t i = 0; i < c->x.n; i++)
        holiday[c->x.v[i].date.y - YEAR_MIN] |= c->x.v[i].kind == PO_CAL_HOLIDAY;
    for (int y = 0; y < NYEARS; y++)
        if (c->x.year_seen[y] && !holiday[y])
            return po_err_set(err, PO_EINVAL,
                              "%s：%d 年没有放假日（一年的通知应列出全部放假日和调休上班日）",
                              "%s: year %d has no holiday (a year's notice lists all its days "
                              "off and makeup working days)",
                              c->name, y + YEAR_MIN);
    return 0;
}

int po_calendar_read_file(struct po_calendar_file *out, const char *path, struct po_arena *a,
                          struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    struct file_ctx c = { .x = { .a = a }, .name = base_name(path) };
    int rc = read_file(&c, path, err);
    if (rc < 0)
        return rc;
    out->name = c.name;
    out->entries = c.x.v;
    out->n = c.x.n;
    out->first_year = c.x.v[0].date.y;
    out->last_year = c.x.v[c.x.n - 1].date.y;
    size_t k = 0;
    for (int y = 0; y < NYEARS && k + 6 < sizeof(out->years); y++)
        if (c.x.year_seen[y])
            k += (size_t)snprintf(out->years + k, sizeof(out->years) - k, "%s%d", k ? "," : "",
                                  y + YEAR_MIN);
    return 0;
}

/*
 * calendar.c: read data/cn_holidays.csv into a struct po_calendar.
 *
 * The file is sorted by date, so the rows are kept in file order and the
 * core's po_deadline_calendar_check() proves it; sorting here would hide
 * an edit that put a row in the wrong place.
 */
#include "io/calendar.h"
#include "io/refdata.h"
#include "util/arena.h"

#include <string.h>

#define CAL_FILE "data/cn_holidays.csv"

struct load_ctx {
    struct po_arena *a;
    struct po_cal_entry *v;
    size_t n, cap;
    unsigned char year_seen[200]; /* 2000..2199 */
};

static int row(void *vctx, size_t rowno, char **f, size_t n, struct po_err *err)
{
    struct load_ctx *x = vctx;
    if (rowno == 0)
        return 0;
    struct po_cal_entry e = { { 0, 0, 0 }, PO_CAL_NONE, NULL, NULL };
    int rc =
        n == 4 ? po_deadline_parse_date(&e.date, f[0], strlen(f[0]), err)
               : po_err_set(err, PO_EINVAL, "应为 4 列，实为 %zu 列", "want 4 columns, got %zu", n);
    if (rc == 0 && strcmp(f[1], "holiday") == 0)
        e.kind = PO_CAL_HOLIDAY;
    else if (rc == 0 && strcmp(f[1], "workday") == 0)
        e.kind = PO_CAL_WORKDAY;
    else if (rc == 0)
        rc = po_err_set(err, PO_EINVAL, "类别“%s”无效（应为 holiday 或 workday）",
                        "invalid kind \"%s\" (want holiday or workday)", f[1]);
    if (rc == 0 && (e.date.y < 2000 || e.date.y >= 2200))
        rc = po_err_set(err, PO_EINVAL, "年份 %d 超出 2000–2199", "year %d outside 2000-2199",
                        e.date.y);
    if (rc < 0) {
        po_err_context(err, "%s row %zu", CAL_FILE, rowno + 1);
        return rc;
    }
    e.name = po_arena_strdup(x->a, f[2]);
    e.source = po_arena_strdup(x->a, f[3]);
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 256;
        struct po_cal_entry *v =
            po_arena_realloc(x->a, x->v, x->cap * sizeof(*v), cap * sizeof(*v));
        if (!v)
            return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
        x->v = v;
        x->cap = cap;
    }
    if (!e.name || !e.source)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    x->v[x->n++] = e;
    x->year_seen[e.date.y - 2000] = 1;
    return 0;
}

int po_calendar_load(struct po_calendar *out, struct po_arena *a, struct po_err *err)
{
    struct load_ctx x = { .a = a };
    int rc = po_ref_parse(CAL_FILE, row, &x, err);
    if (rc < 0)
        return rc;
    if (x.n == 0)
        return po_err_set(err, PO_EINVAL, "%s 没有数据", "%s has no rows", CAL_FILE);
    struct po_calendar c = { x.v, x.n, x.v[0].date.y, x.v[x.n - 1].date.y, CAL_FILE };
    for (int y = c.first_year; y <= c.last_year; y++)
        if (!x.year_seen[y - 2000])
            return po_err_set(err, PO_EINVAL, "%s 缺少 %d 年的数据", "%s has no rows for year %d",
                              CAL_FILE, y);
    rc = po_deadline_calendar_check(&c, err);
    if (rc < 0) {
        po_err_context(err, "%s", CAL_FILE);
        return rc;
    }
    *out = c;
    return 0;
}

/*
 * meterfile.c: meter_readings.csv → core/meter.h aggregators, one per thread.
 *
 * Each part of the file has its own arena and aggregator (arenas belong to
 * one thread), and the aggregators are merged into the first when the
 * parts are done.
 */
#include "ingest/meterfile.h"
#include "core/decimal.h"
#include "format/fastcsv.h"
#include "util/arena.h"

#include <stdio.h>
#include <string.h>

#define MAX_PARTS 16

enum { M_USCC, M_METER, M_TS, M_TYPE, M_VALUE, M_NCOLS };

static const char *const col_names[M_NCOLS] = { "uscc", "meter_id", "timestamp", "energy_type",
                                                "value" };

struct part {
    const int *col; /* file column of each M_* */
    const char *file;
    struct po_arena *a;
    struct po_meter_agg *agg;
};

static struct po_str cell(const struct po_row *row, int col)
{
    struct po_str none = { "", 0 };
    return col >= 0 && (size_t)col < row->nfields ? row->fields[col] : none;
}

static int cell_err(struct po_err *err, const struct part *p, const struct po_row *row, int m,
                    const char *why_zh, const char *why_en)
{
    return po_fastcsv_cell_error(err, p->file, row->rowno, (size_t)p->col[m], col_names[m],
                                 cell(row, p->col[m]), why_zh, why_en);
}

static int meter_row(void *vctx, const struct po_row *row, struct po_err *err)
{
    struct part *p = vctx;
    struct po_str u = cell(row, p->col[M_USCC]), ty = cell(row, p->col[M_TYPE]);
    struct po_str ts = cell(row, p->col[M_TS]);
    if (!u.len)
        return cell_err(err, p, row, M_USCC, "不能为空", "required");
    if (!cell(row, p->col[M_METER]).len)
        return cell_err(err, p, row, M_METER, "不能为空", "required");
    if (!ty.len)
        return cell_err(err, p, row, M_TYPE, "不能为空", "required");
    struct po_meter_time t;
    if (!po_meter_time_parse(&t, ts.ptr, ts.len))
        return cell_err(err, p, row, M_TS, "应为“YYYY-MM-DD HH:MM:SS”格式的有效时间",
                        "a valid time \"YYYY-MM-DD HH:MM:SS\" is expected");
    int64_t v;
    int st = po_fastcsv_milli(&v, cell(row, p->col[M_VALUE]));
    if (st != PO_DEC_OK)
        return cell_err(err, p, row, M_VALUE,
                        st == PO_DEC_PRECISION ? "至多3位小数"
                                               : po_dec_reason_zh((enum po_dec_status)st),
                        st == PO_DEC_PRECISION ? "at most 3 decimals"
                                               : po_dec_reason_en((enum po_dec_status)st));
    if (v < 0)
        return cell_err(err, p, row, M_VALUE, "读数不能为负数", "a reading cannot be negative");
    int rc = po_meter_agg_add(p->agg, u, &t, ty, v, err);
    if (rc == PO_EINVAL)
        po_err_context(err, "%s row %zu", p->file, row->rowno);
    return rc;
}

/* The header: every M_* column found, else PO_EINVAL naming the first missing one. */
static int map_header(int *col, const struct po_row *hdr, const char *file, struct po_err *err)
{
    for (int m = 0; m < M_NCOLS; m++) {
        col[m] = -1;
        for (size_t i = 0; i < hdr->nfields && col[m] < 0; i++)
            if (po_str_eq(hdr->fields[i], col_names[m]))
                col[m] = (int)i;
        if (col[m] < 0)
            return po_err_set(err, PO_EINVAL, "%s 第%zu行：缺少列“%s”",
                              "%s row %zu: no column \"%s\"", file, hdr->rowno, col_names[m]);
    }
    return 0;
}

static int read_parts(struct part *parts, unsigned n, unsigned *used, struct po_fastcsv *f,
                      int *col, struct po_err *err)
{
    struct po_fastcsv_cursor c;
    struct po_row hdr;
    size_t body, base;
    int rc = po_fastcsv_header(&c, f, &hdr, &body, &base, err);
    if (rc == 0)
        rc = po_err_set(err, PO_EINVAL, "%s 为空（应有表头）", "%s is empty (a header is expected)",
                        f->name);
    if (rc == 1)
        rc = map_header(col, &hdr, f->name, err);
    po_fastcsv_cursor_release(&c);
    if (rc)
        return rc;
    void *ctxs[MAX_PARTS];
    for (unsigned k = 0; k < n; k++) {
        /* part 0 runs in this thread, in the caller's arena, and the others merge into it */
        parts[k].a = k == 0 ? parts[0].a : po_arena_new();
        parts[k].agg = parts[k].a ? po_meter_agg_new(parts[k].a) : NULL;
        if (!parts[k].agg)
            return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
        ctxs[k] = &parts[k];
    }
    struct po_fastcsv_opts o = PO_FASTCSV_OPTS_INIT;
    o.threads = n;
    o.drop_behind = true;
    return po_fastcsv_read(f, body, base, &o, meter_row, ctxs, used, err);
}

int po_meterfile_read(struct po_meter_result *out, uint64_t *readings, const char *path,
                      unsigned threads, struct po_arena *a, struct po_err *err)
{
    struct po_fastcsv f;
    int rc = po_fastcsv_open(&f, path, err);
    if (rc)
        return rc;
    unsigned n = threads < 1 ? 1 : threads > MAX_PARTS ? MAX_PARTS : threads, used = 0;
    struct part parts[MAX_PARTS];
    int col[M_NCOLS];
    memset(parts, 0, sizeof(parts));
    for (unsigned k = 0; k < n; k++)
        parts[k] = (struct part){ col, f.name, k == 0 ? a : NULL, NULL };
    rc = read_parts(parts, n, &used, &f, col, err);
    for (unsigned k = 1; k < used && rc == 0; k++)
        rc = po_meter_agg_merge(parts[0].agg, parts[k].agg, err);
    if (rc == 0 && readings)
        *readings = po_meter_agg_readings(parts[0].agg);
    if (rc == 0)
        rc = po_meter_agg_finish(out, parts[0].agg, a, err);
    for (unsigned k = 1; k < n; k++)
        if (parts[k].a)
            po_arena_destroy(parts[k].a);
    po_fastcsv_close(&f);
    return rc;
}

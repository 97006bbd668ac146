/*
 * tablerow.c: the row assembly and progress throttling shared by the CSV
 * reader (table.c) and the XLSX reader (xlsx.c).
 */
#include "format/tablerow.h"

#include <stdlib.h>
#include <string.h>

/* ---- row assembly (shared with xlsx.c) ---- */

void po_table_rowbuf_init(struct po_table_rowbuf *rb, const char *name)
{
    memset(rb, 0, sizeof(*rb));
    rb->name = name;
    rb->text = (struct po_buf)PO_BUF_INIT;
}

static int rowbuf_grow(struct po_table_rowbuf *rb, size_t need, struct po_err *err)
{
    size_t cap = rb->cap ? rb->cap * 2 : 64;
    if (cap < need)
        cap = need;
    if (cap > PO_TABLE_MAX_COLUMNS)
        cap = PO_TABLE_MAX_COLUMNS;
    struct po_table_slot *slots = realloc(rb->slots, cap * sizeof(*slots));
    if (slots)
        rb->slots = slots;
    struct po_str *fields = slots ? realloc(rb->fields, cap * sizeof(*fields)) : NULL;
    if (!fields)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    rb->fields = fields;
    rb->cap = cap;
    return 0;
}

int po_table_rowbuf_set(struct po_table_rowbuf *rb, size_t col, const char *s, size_t len,
                        struct po_err *err)
{
    if (col >= PO_TABLE_MAX_COLUMNS)
        return po_err_set(err, PO_EINVAL, "%s 第%zu行：列数超过 %d",
                          "%s row %zu: more than %d columns", rb->name, rb->rowno,
                          PO_TABLE_MAX_COLUMNS);
    if (len > PO_TABLE_MAX_FIELD)
        return po_err_set(err, PO_EINVAL, "%s 第%zu行第%zu列：单元格内容超过 1 MiB",
                          "%s row %zu column %zu: field longer than 1 MiB", rb->name, rb->rowno,
                          col + 1);
    if (col >= rb->cap) {
        int rc = rowbuf_grow(rb, col + 1, err);
        if (rc)
            return rc;
    }
    for (; rb->ncols <= col; rb->ncols++)
        rb->slots[rb->ncols] = (struct po_table_slot){ 0, 0 };
    rb->slots[col] = (struct po_table_slot){ rb->text.len, len };
    if (len)
        po_buf_add(&rb->text, s, len);
    if (po_buf_failed(&rb->text))
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    return 0;
}

int po_table_rowbuf_emit(struct po_table_rowbuf *rb, po_row_fn *fn, void *ctx, struct po_err *err)
{
    size_t n = rb->ncols;
    while (n && rb->slots[n - 1].len == 0)
        n--;
    int rc = 0;
    if (n) {
        for (size_t i = 0; i < n; i++)
            rb->fields[i] = (struct po_str){ rb->text.buf + rb->slots[i].off, rb->slots[i].len };
        struct po_row row = { rb->rowno, n, rb->fields };
        rb->delivered++;
        rc = fn(ctx, &row, err);
    }
    rb->ncols = 0;
    po_buf_reset(&rb->text);
    return rc;
}

void po_table_rowbuf_release(struct po_table_rowbuf *rb)
{
    po_buf_release(&rb->text);
    free(rb->slots);
    free(rb->fields);
    rb->slots = NULL;
    rb->fields = NULL;
    rb->cap = rb->ncols = 0;
}

void po_table_progress_init(struct po_table_progress *p, const struct po_table_opts *opts,
                            uint64_t total)
{
    p->opts = opts;
    p->total = total;
    p->last_pct = -1;
}

void po_table_progress_tick(struct po_table_progress *p, uint64_t done)
{
    if (!p->opts || !p->opts->progress)
        return;
    int pct = p->total ? (int)(done * 100 / p->total) : 100;
    if (pct == p->last_pct)
        return;
    p->last_pct = pct;
    p->opts->progress(p->opts->progress_ctx, done, p->total);
}

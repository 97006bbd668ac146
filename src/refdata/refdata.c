/*
 * refdata.c: parsing the compiled-in reference tables (refdata.h).  The
 * embedded files are our own data (checked by tests), parsed with libcsv in
 * strict mode.  Storing them into ref_table / ref_row is app/refsync.c.
 */
#include "refdata/refdata.h"
#include "util/buf.h"
#include "util/embed.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

struct parse_ctx {
    po_ref_row_fn *fn;
    void *ctx;
    char **fields;
    size_t n, cap;
    size_t rowno;
    int rc;
    struct po_err *err;
};

static void on_field(void *s, size_t len, void *data)
{
    struct parse_ctx *p = data;
    if (p->rc)
        return;
    if (p->n == p->cap) {
        size_t ncap = p->cap ? p->cap * 2 : 16;
        char **nf = realloc(p->fields, ncap * sizeof(char *));
        if (!nf) {
            p->rc = po_err_set(p->err, PO_ENOMEM, "内存不足", "out of memory");
            return;
        }
        p->fields = nf;
        p->cap = ncap;
    }
    char *f = malloc(len + 1);
    if (!f) {
        p->rc = po_err_set(p->err, PO_ENOMEM, "内存不足", "out of memory");
        return;
    }
    memcpy(f, s, len);
    f[len] = '\0';
    p->fields[p->n++] = f;
}

static void on_record(int c, void *data)
{
    (void)c;
    struct parse_ctx *p = data;
    if (!p->rc && p->n)
        p->rc = p->fn(p->ctx, p->rowno++, p->fields, p->n, p->err);
    for (size_t i = 0; i < p->n; i++)
        free(p->fields[i]);
    p->n = 0;
}

int po_ref_parse(const char *name, po_ref_row_fn *fn, void *ctx, struct po_err *err)
{
    const struct po_embedded *e = po_embed_find(name);
    if (!e)
        return po_err_set(err, PO_ENOTFOUND, "没有参考数据表 %s", "no reference table %s", name);
    return po_ref_parse_bytes(name, e->data, e->len, fn, ctx, err);
}

int po_ref_parse_bytes(const char *name, const unsigned char *data, size_t len, po_ref_row_fn *fn,
                       void *ctx, struct po_err *err)
{
    struct csv_parser cp;
    if (csv_init(&cp, CSV_STRICT | CSV_APPEND_NULL) != 0)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    struct parse_ctx p = { fn, ctx, NULL, 0, 0, 0, 0, err };
    size_t done = csv_parse(&cp, data, len, on_field, on_record, &p);
    if (done != len && !p.rc)
        p.rc = po_err_set(err, PO_EINTERNAL, "参考数据 %s 格式错误：%s",
                          "reference table %s is malformed: %s", name,
                          csv_strerror(csv_error(&cp)));
    if (!p.rc && csv_fini(&cp, on_field, on_record, &p) != 0)
        p.rc = po_err_set(err, PO_EINTERNAL, "参考数据 %s 格式错误", "reference table %s is malformed",
                          name);
    csv_free(&cp);
    for (size_t i = 0; i < p.n; i++)
        free(p.fields[i]);
    free(p.fields);
    return p.rc;
}

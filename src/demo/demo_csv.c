/*
 * demo_csv.c: CSV cells, fixed-point numbers and atomic file writes.
 */
#include "demo/demo_csv.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void separate(struct po_demo_csv *c)
{
    if (c->col > 0)
        po_buf_addch(&c->b, ',');
    c->col++;
}

static int needs_quotes(const char *s)
{
    size_t n = strlen(s);
    if (n > 0 && (s[0] == ' ' || s[n - 1] == ' '))
        return 1;
    return strpbrk(s, ",\"\r\n") != NULL;
}

void po_demo_csv_str(struct po_demo_csv *c, const char *s)
{
    separate(c);
    if (!s || !*s)
        return;
    if (!needs_quotes(s)) {
        po_buf_adds(&c->b, s);
        return;
    }
    po_buf_addch(&c->b, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            po_buf_addch(&c->b, '"');
        po_buf_addch(&c->b, *p);
    }
    po_buf_addch(&c->b, '"');
}

void po_demo_csv_strf(struct po_demo_csv *c, const char *fmt, ...)
{
    struct po_buf tmp = PO_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    po_buf_vaddf(&tmp, fmt, ap);
    va_end(ap);
    if (po_buf_failed(&tmp))
        c->b.failed = true;
    else
        po_demo_csv_str(c, tmp.buf);
    po_buf_release(&tmp);
}

void po_demo_csv_int(struct po_demo_csv *c, int64_t v)
{
    separate(c);
    po_buf_addf(&c->b, "%lld", (long long)v);
}

void po_demo_csv_fixed(struct po_demo_csv *c, int64_t v, int shift, int dec)
{
    assert(dec >= 0 && dec <= shift && shift <= 18);
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    uint64_t drop = 1;
    for (int i = dec; i < shift; i++)
        drop *= 10;
    mag = (mag + drop / 2) / drop;
    uint64_t unit = 1;
    for (int i = 0; i < dec; i++)
        unit *= 10;
    separate(c);
    if (v < 0 && mag > 0)
        po_buf_addch(&c->b, '-');
    po_buf_addf(&c->b, "%llu", (unsigned long long)(mag / unit));
    if (dec > 0)
        po_buf_addf(&c->b, ".%0*llu", dec, (unsigned long long)(mag % unit));
}

void po_demo_csv_date(struct po_demo_csv *c, int y, int m, int d)
{
    separate(c);
    po_buf_addf(&c->b, "%04d-%02d-%02d", y, m, d);
}

void po_demo_csv_end(struct po_demo_csv *c)
{
    po_buf_addch(&c->b, '\n');
    c->col = 0;
    c->rows++;
}

void po_demo_csv_header(struct po_demo_csv *c, const char *const *cols, size_t n)
{
    for (size_t i = 0; i < n; i++)
        po_demo_csv_str(c, cols[i]);
    po_buf_addch(&c->b, '\n');
    c->col = 0;
}

int po_demo_csv_save(struct po_demo_csv *c, const char *dir, const char *name, struct po_err *err)
{
    if (po_buf_failed(&c->b))
        return po_err_set(err, PO_ENOMEM, "生成 %s 时内存不足", "out of memory building %s", name);
    char path[4096], tmp[4096 + 8];
    int n = snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= sizeof(path))
        return po_err_set(err, PO_EINVAL, "目录路径过长：%s", "directory path too long: %s", dir);
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        goto io_error;
    size_t wrote = fwrite(c->b.buf, 1, c->b.len, f);
    int closed = fclose(f);
    if (wrote != c->b.len || closed != 0 || rename(tmp, path) != 0) {
        int saved = errno;
        remove(tmp);
        errno = saved;
        goto io_error;
    }
    return 0;
io_error:
    return po_err_set(err, PO_EIO, "无法写入 %s：%s", "cannot write %s: %s", tmp, strerror(errno));
}

void po_demo_csv_release(struct po_demo_csv *c)
{
    po_buf_release(&c->b);
    c->col = 0;
    c->rows = 0;
}

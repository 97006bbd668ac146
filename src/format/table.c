/*
 * table.c: po_table_read(): format sniffing (the dispatcher) and the CSV reader;
 * the row assembly it shares with xlsx.c is in tablerow.c.
 *
 * The file is mapped (sniff.c), not read: the benchmark imports an 89 MB UTF-8 CSV
 * and must keep up with sqlite3's .import, so the UTF-8 path never copies
 * the file.  It checks the whole mapping is UTF-8 first (that is also how
 * auto-detection decides), then feeds libcsv 1 MiB slices; libcsv copies
 * each field into its own buffer once, and we copy it once more into the
 * row buffer because libcsv reuses its buffer for the next field.  Other
 * encodings are decoded through iconv a slice at a time into a fixed
 * buffer, so a GBK file costs no more memory than a UTF-8 one.
 *
 * libcsv is run with CSV_REPALL_NL so that blank lines reach us and can be
 * counted: rowno must match the row numbers Excel shows for the same file.
 */
#include "format/table.h"
#include "format/encoding.h"
#include "format/sheetw.h"
#include "format/sniff.h"
#include "format/tablerow.h"
#include "format/xlsx.h"

#include <csv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CHUNK ((size_t)1 << 20) /* bytes handed to libcsv (or iconv) per call */
#define CSV_BLK ((size_t)1 << 16)
/* A valid UTF-8 prefix with this many multi-byte characters is UTF-8, not GBK that happens to
 * parse. */
#define UTF8_EVIDENCE 8

/* ---- CSV ---- */

struct csv_reader {
    struct po_table_rowbuf rb;
    struct csv_parser p;
    const char *name;
    po_row_fn *fn;
    void *ctx;
    struct po_err *err;
    size_t records; /* records ended so far, blank lines included */
    size_t col;     /* fields seen in the current record */
    int last_term;  /* what ended the last record: a '\n' right after '\r' ends nothing */
    int rc;         /* first failure; libcsv cannot be stopped from a callback */
};

static void on_field(void *s, size_t len, void *data)
{
    struct csv_reader *r = data;
    if (r->rc)
        return;
    r->rb.rowno = r->records + 1;
    const char *t = s;
    if (len && t[0] == '\'' && po_csv_formula_guard(t, len)) /* sheetw.h: the formula guard */
        t++, len--;
    r->rc = po_table_rowbuf_set(&r->rb, r->col++, t, len, r->err);
}

static void on_record(int c, void *data)
{
    struct csv_reader *r = data;
    if (r->rc)
        return;
    if (r->col == 0 && c == '\n' && r->last_term == '\r') {
        r->last_term = 0; /* the second half of "\r\n" */
        return;
    }
    r->records++;
    r->last_term = c;
    if (r->col == 0)
        return; /* a blank line: counted, not delivered */
    r->col = 0;
    r->rb.rowno = r->records;
    r->rc = po_table_rowbuf_emit(&r->rb, r->fn, r->ctx, r->err);
}

/* Feed s[0..len) (at most CHUNK) to libcsv; off is its offset in the file, or UINT64_MAX if
 * unknown. */
static int csv_feed(struct csv_reader *r, const char *s, size_t len, uint64_t off)
{
    size_t used = csv_parse(&r->p, s, len, on_field, on_record, r);
    if (r->rc)
        return r->rc;
    if (used < len && off != UINT64_MAX)
        return r->rc = po_err_set(
                   r->err, PO_EINVAL,
                   "%s "
                   "第%zu行（第%"
                   "llu字节）：引号使用错误，字段中的引号须写成两个引号并将整个字段用引号括起",
                   "%s row %zu (byte %llu): misplaced quote; a quote inside a field "
                   "must be doubled and the field quoted",
                   r->name, r->records + 1, (unsigned long long)(off + used));
    if (used < len)
        return r->rc = po_err_set(
                   r->err, PO_EINVAL,
                   "%s 第%zu行：引号使用错误，字段中的引号须写成两个引号并将整个字段用引号括起",
                   "%s row %zu: misplaced quote; a quote inside a field must be "
                   "doubled and the field quoted",
                   r->name, r->records + 1);
    if (csv_get_buffer_size(&r->p) > PO_TABLE_MAX_FIELD + CSV_BLK)
        return r->rc = po_err_set(r->err, PO_EINVAL, "%s 第%zu行：字段超过 1 MiB（引号未闭合？）",
                                  "%s row %zu: field longer than 1 MiB (an unterminated quote?)",
                                  r->name, r->records + 1);
    return 0;
}

static int csv_finish(struct csv_reader *r)
{
    if (csv_fini(&r->p, on_field, on_record, r) != 0 && !r->rc)
        r->rc = po_err_set(r->err, PO_EINVAL, "%s 第%zu行：引号未闭合",
                           "%s row %zu: unterminated quoted field", r->name, r->records + 1);
    return r->rc;
}

static int encoding_error(struct csv_reader *r, uint64_t off, const char *enc)
{
    po_err_set(r->err, PO_EINVAL, "%s 第%zu行（字节偏移 %llu）：不是有效的 %s 文本",
               "%s row %zu (byte offset %llu): not valid %s text", r->name, r->records + 1,
               (unsigned long long)off, enc);
    snprintf(r->err->hint, sizeof(r->err->hint), "%s",
             "save the file as \"CSV UTF-8\", or give the right --encoding / "
             "请另存为“CSV UTF-8”格式，或用 --encoding 指定正确的编码");
    return r->rc = PO_EINVAL;
}

/* The UTF-8 path: s[start..stop) is valid; a stop short of len is an encoding error. */
static int csv_utf8(struct csv_reader *r, const struct po_sniff_file *src, size_t start,
                    size_t stop, struct po_table_progress *pg)
{
    for (size_t off = start; off < stop;) {
        size_t n = stop - off < CHUNK ? stop - off : CHUNK;
        int rc = csv_feed(r, src->data + off, n, off);
        if (rc)
            return rc;
        off += n;
        po_table_progress_tick(pg, off);
    }
    if (stop < src->len)
        return encoding_error(r, stop, "UTF-8");
    return csv_finish(r);
}

static int csv_decoded(struct csv_reader *r, const struct po_sniff_file *src, const char *charset,
                       struct po_table_progress *pg)
{
    struct po_decoder *d;
    int rc = po_encoding_open(&d, charset, r->err);
    if (rc)
        return rc;
    size_t cap = 2 * CHUNK;
    char *out = malloc(cap);
    if (!out) {
        po_encoding_close(d);
        return po_err_set(r->err, PO_ENOMEM, "内存不足", "out of memory");
    }
    size_t off = 0;
    while (off < src->len && !rc) {
        size_t n = src->len - off < CHUNK ? src->len - off : CHUNK;
        size_t end = off + n, used, produced;
        int drc = po_encoding_decode(d, src->data + off, n, &used, out, cap, &produced);
        rc = produced ? csv_feed(r, out, produced, UINT64_MAX) : 0;
        off += used;
        /* A sequence cut by the slice boundary is decoded with the next slice. */
        if (drc && off + 4 > end && end < src->len)
            drc = 0;
        if (!rc && drc)
            rc = encoding_error(r, off, "GB18030/GBK");
        po_table_progress_tick(pg, off);
    }
    free(out);
    po_encoding_close(d);
    return rc ? rc : csv_finish(r);
}

static size_t count_multibyte(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0xC2 && (unsigned char)s[i] <= 0xF4)
            n++;
    return n;
}

static int read_csv(const struct po_sniff_file *src, const char *name, const char *enc,
                    const struct po_table_opts *opts, po_row_fn *fn, void *ctx, struct po_err *err)
{
    struct csv_reader r = { .name = name, .fn = fn, .ctx = ctx, .err = err };
    if (csv_init(&r.p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    csv_set_blk_size(&r.p, CSV_BLK);
    po_table_rowbuf_init(&r.rb, name);
    struct po_table_progress pg;
    po_table_progress_init(&pg, opts, src->len);

    bool utf8 = strcmp(enc, "utf-8") == 0, gb = !utf8 && strcmp(enc, "auto") != 0;
    size_t bom = src->len >= 3 && memcmp(src->data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    size_t valid = gb ? 0 : bom + po_encoding_utf8_valid_len(src->data + bom, src->len - bom);
    if (!gb && !utf8 && !bom && valid < src->len &&
        count_multibyte(src->data, valid) < UTF8_EVIDENCE)
        gb = true; /* auto: not UTF-8, and no sign that it meant to be */
    const char *format = gb ? "csv gb18030" : bom ? "csv utf-8-bom" : "csv utf-8";
    if (opts && opts->info)
        snprintf(opts->info->format, sizeof(opts->info->format), "%s", format);

    int rc = gb ? csv_decoded(&r, src, "GB18030", &pg) : csv_utf8(&r, src, bom, valid, &pg);
    if (!rc)
        po_table_progress_tick(&pg, src->len);
    if (opts && opts->info)
        opts->info->rows = r.rb.delivered;
    csv_free(&r.p);
    po_table_rowbuf_release(&r.rb);
    return rc;
}

/* ---- entry point ---- */

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static int check_encoding(const char *enc, const char **canon, struct po_err *err)
{
    static const struct {
        const char *name, *canon;
    } names[] = {
        { "auto", "auto" },       { "utf-8", "utf-8" },   { "utf8", "utf-8" },
        { "gbk", "gb18030" },     { "cp936", "gb18030" }, { "gb2312", "gb18030" },
        { "gb18030", "gb18030" },
    };
    if (!enc) {
        *canon = "auto";
        return 0;
    }
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcasecmp(enc, names[i].name) == 0) {
            *canon = names[i].canon;
            return 0;
        }
    return po_err_set(err, PO_EINVAL, "不支持的编码“%s”（可用 auto、utf-8、gbk、gb18030）",
                      "unknown encoding \"%s\" (use auto, utf-8, gbk or gb18030)", enc);
}

int po_table_read(const char *path, const struct po_table_opts *opts, po_row_fn *fn, void *ctx,
                  struct po_err *err)
{
    const char *name = base_name(path);
    const char *enc;
    int rc = check_encoding(opts ? opts->encoding : NULL, &enc, err);
    if (rc)
        return rc;
    if (opts && opts->info)
        memset(opts->info, 0, sizeof(*opts->info));
    struct po_sniff_file src;
    rc = po_sniff_load(&src, path, name, err);
    if (rc)
        return rc;
    rc = po_sniff_refuse(src.data, src.len, name, err);
    if (!rc && po_sniff_is_xlsx(src.data, src.len)) {
        po_sniff_unload(&src); /* libzip opens the file itself */
        if (opts && opts->info)
            snprintf(opts->info->format, sizeof(opts->info->format), "xlsx");
        return po_xlsx_read(path, name, opts, fn, ctx, err);
    }
    if (!rc)
        rc = read_csv(&src, name, enc, opts, fn, ctx, err);
    po_sniff_unload(&src);
    return rc;
}

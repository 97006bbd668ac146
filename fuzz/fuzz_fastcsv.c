/*
 * fuzz_fastcsv.c: libFuzzer target for the fast CSV reader, differential against po_table_read().
 *
 * Each input is written to a temporary file and read by po_table_read()
 * (forced UTF-8) and by po_fastcsv_read() in 1, 2 and 3 threads with the
 * smallest possible parts, so the split guesses land everywhere, inside
 * quoted fields too.  Aborts (a finding) when:
 *   - the input is valid UTF-8 and the two readers disagree: one fails and
 *     the other not, different rows or row numbers, or errors naming
 *     different rows;
 *   - a parallel read differs from the one-thread read (rows, or error);
 *   - a failure has no message in either language;
 *   - po_fastcsv_milli() and po_dec_parse_scaled() disagree on a field.
 * Inputs that are not UTF-8 are still read by fastcsv (it does not check
 * encodings), for crashes and sanitizer reports.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/decimal.h"
#include "format/encoding.h"
#include "format/fastcsv.h"
#include "format/table.h"

#include "fuzzutil.h"

static const char *path;

struct rows {
    struct po_buf out;
    bool rownos;
};

static int collect(void *ctx, const struct po_row *row, struct po_err *err)
{
    (void)err;
    struct rows *r = ctx;
    if (row->nfields == 0 || row->fields[row->nfields - 1].len == 0)
        abort(); /* blank rows and trailing empty fields are dropped */
    if (r->rownos)
        po_buf_addf(&r->out, "%zu", row->rowno);
    po_buf_addch(&r->out, '\x1e');
    for (size_t i = 0; i < row->nfields; i++) {
        /* the inline decimal parser agrees with po_dec_parse_scaled() on every field */
        int64_t fast = 0, slow = 0;
        int st = po_fastcsv_milli(&fast, row->fields[i]);
        if (st != (int)po_dec_parse_scaled(&slow, row->fields[i].ptr, row->fields[i].len, 3) ||
            (st == PO_DEC_OK && fast != slow))
            abort();
        po_buf_add(&r->out, row->fields[i].ptr, row->fields[i].len);
        po_buf_addch(&r->out, '\x1f');
    }
    return 0;
}

static void check_err(int rc, const struct po_err *err)
{
    if (rc != 0 && (rc >= 0 || err->msg[0] == '\0' || err->msg_zh[0] == '\0'))
        abort();
}

/* The row an error names ("row N"), 0 if none. */
static size_t row_of(const char *msg)
{
    const char *p = strstr(msg, "row ");
    return p ? strtoul(p + 4, NULL, 10) : 0;
}

static int read_fast(unsigned threads, bool rownos, struct po_buf *out, struct po_err *err)
{
    struct po_fastcsv f;
    int rc = po_fastcsv_open(&f, path, err);
    if (rc)
        return rc;
    struct rows r[3];
    void *ctxs[3];
    for (int i = 0; i < 3; i++) {
        r[i] = (struct rows){ PO_BUF_INIT, rownos };
        ctxs[i] = &r[i];
    }
    struct po_fastcsv_opts o = { threads, 1, true };
    unsigned used = 0;
    rc = po_fastcsv_read(&f, f.body, 0, &o, collect, ctxs, &used, err);
    for (unsigned i = 0; i < used; i++)
        po_buf_add(out, r[i].out.buf, r[i].out.len);
    for (int i = 0; i < 3; i++)
        po_buf_release(&r[i].out);
    po_fastcsv_close(&f);
    check_err(rc, err);
    return rc;
}

static bool magic(const uint8_t *d, size_t n)
{
    return (n >= 4 && memcmp(d, "PK\x03\x04", 4) == 0) ||
           (n >= 4 && memcmp(d, "\xD0\xCF\x11\xE0", 4) == 0) ||
           (n >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF)));
}

static void compare_with_table(const uint8_t *data, size_t size, int frc, const struct po_buf *fb,
                               const struct po_err *ferr)
{
    size_t bom = size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (po_encoding_utf8_valid_len((const char *)data + bom, size - bom) != size - bom)
        return;
    struct po_table_opts o = PO_TABLE_OPTS_INIT;
    o.encoding = "utf-8";
    struct rows r = { PO_BUF_INIT, true };
    struct po_err err = PO_ERR_INIT;
    int trc = po_table_read(path, &o, collect, &r, &err);
    check_err(trc, &err);
    if ((trc == 0) != (frc == 0))
        abort();
    if (trc == 0 && (r.out.len != fb->len || memcmp(r.out.buf, fb->buf, fb->len) != 0))
        abort();
    if (trc != 0 && row_of(err.msg) != row_of(ferr->msg))
        abort();
    po_buf_release(&r.out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    path = fuzz_tmpfile("fastcsv", data, size);
    if (!path)
        return 0;

    struct po_buf one = PO_BUF_INIT, plain = PO_BUF_INIT;
    struct po_err err1 = PO_ERR_INIT, errp = PO_ERR_INIT;
    int rc1 = read_fast(1, true, &one, &err1);
    if (magic(data, size)) {
        if (rc1 != PO_EINVAL)
            abort();
        po_buf_release(&one);
        return 0;
    }
    compare_with_table(data, size, rc1, &one, &err1);
    int rcp = read_fast(1, false, &plain, &errp);
    for (unsigned threads = 2; threads <= 3; threads++) {
        struct po_buf b = PO_BUF_INIT;
        struct po_err err = PO_ERR_INIT;
        int rc = read_fast(threads, false, &b, &err);
        if (rc != rcp || strcmp(err.msg, errp.msg) != 0)
            abort();
        if (rc == 0 && (b.len != plain.len || memcmp(b.buf, plain.buf, b.len) != 0))
            abort();
        po_buf_release(&b);
    }
    po_buf_release(&one);
    po_buf_release(&plain);
    return 0;
}

/*
 * test_fastcsv.c: the fast CSV reader, against expected rows and against po_table_read().
 *
 * Every case is read four ways: po_table_read(), po_fastcsv_read() in one
 * thread, and in 2 and 3 threads split as finely as possible (min_part 1),
 * so each split lands on every kind of line end.  Rows are collected as
 * "rowno:field|field\n" text; all four must give the expected text, or
 * fail naming the expected row.  Row numbers in the later parts of a
 * parallel read are provisional (fastcsv.h), so with threads they are
 * left out of the comparison; errors must still name the exact row.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/fastcsv.h"
#include "format/table.h"
#include "store/testdb.h"
#include "testutil.h"
#include "util/buf.h"
#include "util/err.h"

static char tmpdir[256];

static int setup(void **state)
{
    (void)state;
    return testdb_tmpdir(tmpdir, sizeof(tmpdir));
}

static int teardown(void **state)
{
    (void)state;
    testdb_rmdir(tmpdir);
    return 0;
}

static void write_file(char *path, size_t cap, const char *name, const void *data, size_t len)
{
    testutil_write_file(path, cap, tmpdir, name, data, len);
}

struct rows {
    struct po_buf out;
    bool fail_on_stop; /* the callback fails on a row whose first field is "stop" */
    bool no_rowno;     /* leave row numbers out of out */
};

static int collect(void *ctx, const struct po_row *row, struct po_err *err)
{
    struct rows *r = ctx;
    if (r->fail_on_stop && po_str_eq(row->fields[0], "stop"))
        return po_err_set(err, PO_ECONFLICT, "第%zu行：停止", "row %zu: stop", row->rowno);
    if (r->no_rowno)
        po_buf_adds(&r->out, "?:");
    else
        po_buf_addf(&r->out, "%zu:", row->rowno);
    for (size_t i = 0; i < row->nfields; i++) {
        if (i)
            po_buf_addch(&r->out, '|');
        po_buf_add(&r->out, row->fields[i].ptr, row->fields[i].len);
    }
    po_buf_addch(&r->out, '\n');
    return 0;
}

/* po_fastcsv_read() of the whole file (header included) in `threads` parts; rows in order. */
static int fast_rows(const char *path, unsigned threads, bool fail_on_stop, bool no_rowno,
                     struct po_buf *out, struct po_err *err)
{
    struct po_fastcsv f;
    int rc = po_fastcsv_open(&f, path, err);
    if (rc)
        return rc;
    struct rows r[3];
    void *ctxs[3];
    for (int i = 0; i < 3; i++) {
        r[i] = (struct rows){ PO_BUF_INIT, fail_on_stop, no_rowno };
        ctxs[i] = &r[i];
    }
    struct po_fastcsv_opts o = { threads, 1, true };
    unsigned used = 0;
    rc = po_fastcsv_read(&f, f.body, 0, &o, collect, ctxs, &used, err);
    assert_true(used >= 1 && used <= threads);
    for (unsigned i = 0; i < used; i++)
        po_buf_add(out, r[i].out.buf, r[i].out.len);
    for (int i = 0; i < 3; i++)
        po_buf_release(&r[i].out);
    po_fastcsv_close(&f);
    return rc;
}

static int table_rows(const char *path, struct po_buf *out, struct po_err *err)
{
    struct po_table_opts o = PO_TABLE_OPTS_INIT;
    o.encoding = "utf-8";
    struct rows r = { PO_BUF_INIT, false, false };
    int rc = po_table_read(path, &o, collect, &r, err);
    po_buf_add(out, r.out.buf, r.out.len);
    po_buf_release(&r.out);
    return rc;
}

struct csv_case {
    const char *name;
    const char *in;
    const char *want; /* rows, or NULL when an error is expected */
    const char *err;  /* for errors: a part of the English message */
};

static const struct csv_case cases[] = {
    { "plain", "a,b\n1,2\n", "1:a|b\n2:1|2\n", NULL },
    { "no final newline", "a,b\n1,2", "1:a|b\n2:1|2\n", NULL },
    { "crlf", "a,b\r\n1,2\r\n", "1:a|b\n2:1|2\n", NULL },
    { "lone cr", "a\rb\r", "1:a\n2:b\n", NULL },
    { "blank lines counted", "a\n\n\nb\n", "1:a\n4:b\n", NULL },
    { "empty fields dropped", ",,\n  \nx,,\n", "3:x\n", NULL },
    { "blanks trimmed", "  a  ,\tb\t\n", "1:a|b\n", NULL },
    { "inner blanks kept", "a b,c\td\n", "1:a b|c\td\n", NULL },
    { "quoted separator and quote", "\"a,b\",\"c\"\"d\"\n", "1:a,b|c\"d\n", NULL },
    { "quoted newline", "\"multi\nline\",x\ny\n", "1:multi\nline|x\n2:y\n", NULL },
    { "quoted crlf", "\"a\r\nb\"\r\nc\r\n", "1:a\r\nb\n2:c\n", NULL },
    { "blanks around quotes", "  \"a\"  ,b\n", "1:a|b\n", NULL },
    /* the apostrophe of the formula guard (sheetw.h) is taken away by both readers */
    { "formula guard", "'=1,'-5,\"'@K\",'x,''+2,'\n", "1:=1|-5|@K|'x|'+2|'\n", NULL },
    { "blanks inside quotes kept", "\" a \",b\n", "1: a |b\n", NULL },
    { "quoted blanks before newline", "\"a\"  \nb\n", "1:a\n2:b\n", NULL },
    { "empty quoted", "\"\",x\n", "1:|x\n", NULL },
    { "trailing empty quoted", "x,\"\"\n", "1:x\n", NULL },
    { "bom",
      "\xEF\xBB\xBF"
      "a,b\n",
      "1:a|b\n", NULL },
    { "only line ends", "\r\n\r\n\n", "", NULL },
    { "cr blanks lf is one line end", "a\r  \nb\n", "1:a\n2:b\n", NULL },
    { "cr cr lf", "a\r\r\nb", "1:a\n3:b\n", NULL },
    { "utf-8", "统一社会信用代码,名称\n91140105,乌海焦化\n",
      "1:统一社会信用代码|名称\n2:91140105|乌海焦化\n", NULL },
    { "blanks at the end", "a\n   ", "1:a\n", NULL },
    { "quoted at the end", "\"abc\"", "1:abc\n", NULL },
    { "quoted blanks at the end", "\"abc\"  ", "1:abc\n", NULL },
    { "blanks after a field at the end", "a,b  ", "1:a|b\n", NULL },
    { "comma at the end", "a,", "1:a\n", NULL },
    { "quote in unquoted field", "x\na,b\"c\n", NULL, "row 2, column 2" },
    { "text after closing quote", "\"a\"b\n", NULL, "row 1, column 1" },
    { "quote after blanks", "\"a\" \"\n", NULL, "row 1, column 1" },
    { "unterminated", "x\ny,\"open\n\n", NULL, "row 2, column 2: unterminated" },
    { "unterminated cr", "\"", NULL, "unterminated" },
    { "quote after text", "ab \"c\"\n", NULL, "misplaced quote" },
};

/* The first "row N" of a message, or 0. */
static size_t row_of(const char *msg)
{
    const char *p = strstr(msg, "row ");
    return p ? strtoul(p + 4, NULL, 10) : 0;
}

static void check_case(const struct csv_case *c, const char *path)
{
    struct po_buf plain = PO_BUF_INIT; /* one thread, row numbers left out */
    struct po_err terr = PO_ERR_INIT;
    struct po_buf t = PO_BUF_INIT;
    int trc = table_rows(path, &t, &terr);
    fast_rows(path, 1, false, true, &plain, &terr);
    for (unsigned threads = 1; threads <= 3; threads++) {
        struct po_err err = PO_ERR_INIT;
        struct po_buf b = PO_BUF_INIT;
        int rc = fast_rows(path, threads, false, threads > 1, &b, &err);
        const char *want = threads > 1 ? plain.buf : c->want;
        if (c->want) {
            if (rc)
                fail_msg("%s (%u threads): %s", c->name, threads, err.msg);
            if (strcmp(b.buf, want) != 0)
                fail_msg("%s (%u threads): got\n%s\nwant\n%s", c->name, threads, b.buf, want);
        } else {
            if (rc != PO_EINVAL || !strstr(err.msg, c->err) || !err.msg_zh[0])
                fail_msg("%s (%u threads): rc %d, message \"%s\", want \"%s\"", c->name, threads,
                         rc, err.msg, c->err);
            if (row_of(err.msg) != row_of(terr.msg))
                fail_msg("%s: fastcsv says \"%s\", po_table_read \"%s\"", c->name, err.msg,
                         terr.msg);
        }
        po_buf_release(&b);
    }
    if (c->want && (trc || strcmp(t.buf, c->want) != 0))
        fail_msg("%s: po_table_read differs (rc %d, %s):\n%s", c->name, trc, terr.msg, t.buf);
    if (!c->want && trc != PO_EINVAL)
        fail_msg("%s: po_table_read accepted it", c->name);
    po_buf_release(&t);
    po_buf_release(&plain);
}

static void test_fastcsv__cases_match_table_reader(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char path[512];
        write_file(path, sizeof(path), "case.csv", cases[i].in, strlen(cases[i].in));
        check_case(&cases[i], path);
    }
}

/* Lines longer than a 64-byte block, quotes on both sides of block edges. */
static void test_fastcsv__long_lines(void **state)
{
    (void)state;
    struct po_buf in = PO_BUF_INIT, want = PO_BUF_INIT;
    for (size_t i = 1; i <= 300; i++) {
        struct po_buf field = PO_BUF_INIT;
        for (size_t k = 0; k < i; k++)
            po_buf_addch(&field, (char)('a' + (i + k) % 26));
        if (i % 7 == 0)
            po_buf_addf(&in, "\"%s\"\"x\",%zu\n", field.buf, i);
        else
            po_buf_addf(&in, "%s,%zu\n", field.buf, i);
        po_buf_addf(&want, "%zu:%s%s|%zu\n", i, field.buf, i % 7 == 0 ? "\"x" : "", i);
        po_buf_release(&field);
    }
    char path[512];
    write_file(path, sizeof(path), "long.csv", in.buf, in.len);
    struct csv_case c = { "long lines", in.buf, want.buf, NULL };
    check_case(&c, path);
    po_buf_release(&in);
    po_buf_release(&want);
}

/* A quoted field full of newlines across every split: the guess fails and is repaired. */
static void test_fastcsv__quoted_newlines_across_splits(void **state)
{
    (void)state;
    struct po_buf in = PO_BUF_INIT, want = PO_BUF_INIT;
    po_buf_adds(&in, "h\n");
    po_buf_adds(&want, "1:h\n");
    po_buf_adds(&in, "\"");
    for (int i = 0; i < 200; i++)
        po_buf_adds(&in, "x,\n");
    po_buf_adds(&in, "\",end\nlast\n");
    po_buf_adds(&want, "2:");
    for (int i = 0; i < 200; i++)
        po_buf_adds(&want, "x,\n");
    po_buf_adds(&want, "|end\n3:last\n");
    char path[512];
    write_file(path, sizeof(path), "split.csv", in.buf, in.len);
    struct csv_case c = { "quoted newlines", in.buf, want.buf, NULL };
    check_case(&c, path);
    po_buf_release(&in);
    po_buf_release(&want);
}

/* Errors in a later part name the exact row, for the CSV and for the callback. */
static void test_fastcsv__errors_in_later_parts_name_the_row(void **state)
{
    (void)state;
    struct po_buf in = PO_BUF_INIT;
    for (int i = 1; i <= 1000; i++)
        po_buf_addf(&in,
                    i == 3     ? "\n"
                    : i == 700 ? "stop,%d\n"
                    : i == 800 ? "a\"b,%d\n"
                               : "row,%d\n",
                    i);
    char path[512];
    write_file(path, sizeof(path), "bad.csv", in.buf, in.len);
    for (unsigned threads = 1; threads <= 3; threads++) {
        struct po_err err = PO_ERR_INIT;
        struct po_buf b = PO_BUF_INIT;
        assert_int_equal(fast_rows(path, threads, false, false, &b, &err), PO_EINVAL);
        assert_non_null(strstr(err.msg, "bad.csv row 800, column 1"));
        po_buf_reset(&b);
        err = (struct po_err)PO_ERR_INIT;
        assert_int_equal(fast_rows(path, threads, true, false, &b, &err), PO_ECONFLICT);
        assert_string_equal(err.msg, "row 700: stop");
        po_buf_release(&b);
    }
    po_buf_release(&in);
}

/* Pages given back behind the reader (files over 8 MB) do not change what is read. */
static void test_fastcsv__drop_behind_reads_everything(void **state)
{
    (void)state;
    struct po_buf in = PO_BUF_INIT;
    size_t sum = 0;
    for (size_t i = 0; i < 700000; i++) {
        po_buf_addf(&in, "%07zu,x\n", i);
        sum += i;
    }
    char path[512];
    write_file(path, sizeof(path), "big.csv", in.buf, in.len);
    po_buf_release(&in);
    for (unsigned threads = 1; threads <= 2; threads++) {
        struct po_fastcsv f;
        struct po_err err = PO_ERR_INIT;
        assert_int_equal(po_fastcsv_open(&f, path, &err), 0);
        struct rows r[2] = { { PO_BUF_INIT, false, true }, { PO_BUF_INIT, false, true } };
        void *ctxs[2] = { &r[0], &r[1] };
        struct po_fastcsv_opts o = { threads, 1, true };
        unsigned used;
        assert_int_equal(po_fastcsv_read(&f, f.body, 0, &o, collect, ctxs, &used, &err), 0);
        size_t got = 0, n = 0;
        for (unsigned k = 0; k < used; k++) {
            /* lines "?:NNNNNNN|x"; strstr here would be quadratic under ASan */
            const char *p = r[k].out.buf, *end = p + r[k].out.len;
            for (; p < end; p = (const char *)memchr(p, '\n', (size_t)(end - p)) + 1) {
                got += strtoul(p + 2, NULL, 10);
                n++;
            }
            po_buf_release(&r[k].out);
        }
        assert_int_equal(n, 700000);
        assert_true(got == sum);
        po_fastcsv_close(&f);
    }
}

static void test_fastcsv__open_refuses(void **state)
{
    (void)state;
    struct po_fastcsv f;
    struct po_err err = PO_ERR_INIT;
    char path[512];
    snprintf(path, sizeof(path), "%s/missing.csv", tmpdir);
    assert_int_equal(po_fastcsv_open(&f, path, &err), PO_EIO);
    assert_non_null(strstr(err.msg, "missing.csv"));
    assert_int_equal(po_fastcsv_open(&f, tmpdir, &err), PO_EIO);
    write_file(path, sizeof(path), "book.csv", "PK\x03\x04zzzz", 8);
    assert_int_equal(po_fastcsv_open(&f, path, &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "XLSX"));
    write_file(path, sizeof(path), "u16.csv",
               "\xFF\xFE"
               "a\0",
               4);
    assert_int_equal(po_fastcsv_open(&f, path, &err), PO_EINVAL);
    write_file(path, sizeof(path), "nul.csv", "a,b\n1,x\0y\n", 11);
    assert_int_equal(po_fastcsv_open(&f, path, &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "NUL byte at byte offset 7"));
    write_file(path, sizeof(path), "empty.csv", "", 0);
    assert_int_equal(po_fastcsv_open(&f, path, &err), 0);
    struct po_fastcsv_cursor c;
    struct po_row row;
    size_t body, base;
    assert_int_equal(po_fastcsv_header(&c, &f, &row, &body, &base, &err), 0);
    po_fastcsv_cursor_release(&c);
    po_fastcsv_close(&f);
}

static void test_fastcsv__header_then_body(void **state)
{
    (void)state;
    char path[512];
    write_file(path, sizeof(path), "h.csv", "\n\nuscc,year\n1,2\n", 16);
    struct po_fastcsv f;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_fastcsv_open(&f, path, &err), 0);
    struct po_fastcsv_cursor c;
    struct po_row row;
    size_t body, base;
    assert_int_equal(po_fastcsv_header(&c, &f, &row, &body, &base, &err), 1);
    assert_int_equal(row.rowno, 3);
    assert_int_equal(row.nfields, 2);
    assert_int_equal(base, 3);
    po_fastcsv_cursor_release(&c);
    struct rows r = { PO_BUF_INIT, false, false };
    void *ctx = &r;
    unsigned used;
    assert_int_equal(po_fastcsv_read(&f, body, base, NULL, collect, &ctx, &used, &err), 0);
    assert_string_equal(r.out.buf, "4:1|2\n");
    po_buf_release(&r.out);
    po_fastcsv_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fastcsv__cases_match_table_reader),
        cmocka_unit_test(test_fastcsv__long_lines),
        cmocka_unit_test(test_fastcsv__quoted_newlines_across_splits),
        cmocka_unit_test(test_fastcsv__errors_in_later_parts_name_the_row),
        cmocka_unit_test(test_fastcsv__drop_behind_reads_everything),
        cmocka_unit_test(test_fastcsv__open_refuses),
        cmocka_unit_test(test_fastcsv__header_then_body),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

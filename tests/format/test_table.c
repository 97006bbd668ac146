/*
 * test_table.c: po_table_read() on real files: CSV in every encoding and
 * shape we accept or refuse, XLSX made by libxlsxwriter and by hand (libzip).
 *
 * Rows are collected as "rowno:field|field\n" text so each expectation is one string.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

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

static void path_of(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", tmpdir, name);
}

static void write_file(char *path, size_t cap, const char *name, const void *data, size_t len)
{
    testutil_write_file(path, cap, tmpdir, name, data, len);
}

struct rows {
    struct po_buf out;
    size_t stop_at; /* return PO_ECONFLICT on this row (1-based count), 0 = never */
    size_t n;
};

static int collect(void *ctx, const struct po_row *row, struct po_err *err)
{
    struct rows *r = ctx;
    po_buf_addf(&r->out, "%zu:", row->rowno);
    for (size_t i = 0; i < row->nfields; i++) {
        if (i)
            po_buf_addch(&r->out, '|');
        po_buf_add(&r->out, row->fields[i].ptr, row->fields[i].len);
    }
    po_buf_addch(&r->out, '\n');
    if (++r->n == r->stop_at)
        return po_err_set(err, PO_ECONFLICT, "停止", "stop");
    return 0;
}

/* Read path into out->out; returns po_table_read's result. */
static int read_rows(const char *path, const char *enc, const char *sheet, struct rows *out,
                     struct po_table_info *info, struct po_err *err)
{
    struct po_table_opts o = PO_TABLE_OPTS_INIT;
    o.encoding = enc;
    o.sheet = sheet;
    o.info = info;
    return po_table_read(path, &o, collect, out, err);
}

/* Write a CSV with the given bytes and return its rows as text (asserting success). */
static void check_csv(const char *bytes, size_t len, const char *enc, const char *want,
                      const char *want_format)
{
    char path[256];
    write_file(path, sizeof(path), "t.csv", bytes, len);
    struct rows r = { PO_BUF_INIT, 0, 0 };
    struct po_table_info info;
    struct po_err err = PO_ERR_INIT;
    int rc = read_rows(path, enc, NULL, &r, &info, &err);
    if (rc)
        print_error("unexpected error: %s\n", err.msg);
    assert_int_equal(rc, 0);
    assert_string_equal(r.out.buf, want);
    assert_string_equal(info.format, want_format);
    assert_int_equal(info.rows, r.n);
    po_buf_release(&r.out);
}

/* Expect an error of code whose English message contains each of the NULL-terminated needles. */
static void check_fails(const char *path, const char *enc, const char *sheet, int code, ...)
{
    struct rows r = { PO_BUF_INIT, 0, 0 };
    struct po_err err = PO_ERR_INIT;
    int rc = read_rows(path, enc, sheet, &r, NULL, &err);
    po_buf_release(&r.out);
    if (rc != code)
        print_error("got %d: %s\n", rc, err.msg);
    assert_int_equal(rc, code);
    assert_true(err.msg_zh[0] != '\0');
    va_list ap;
    va_start(ap, code);
    for (const char *s = va_arg(ap, const char *); s; s = va_arg(ap, const char *)) {
        if (!strstr(err.msg, s))
            print_error("\"%s\" not in \"%s\"\n", s, err.msg);
        assert_non_null(strstr(err.msg, s));
    }
    va_end(ap);
}

static void check_csv_fails(const char *bytes, size_t len, const char *enc, int code,
                            const char *needle1, const char *needle2)
{
    char path[256];
    write_file(path, sizeof(path), "bad.csv", bytes, len);
    check_fails(path, enc, NULL, code, needle1, needle2, (const char *)NULL);
}

/* UTF-8 literal -> bytes in charset (GBK, GB18030), with iconv. */
static size_t to_charset(const char *charset, const char *utf8, char *out, size_t cap)
{
    iconv_t cd = iconv_open(charset, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    char *in = (char *)utf8, *op = out;
    size_t il = strlen(utf8), ol = cap;
    assert_int_not_equal(iconv(cd, &in, &il, &op, &ol), (size_t)-1);
    iconv_close(cd);
    return cap - ol;
}

#define S(lit) lit, sizeof(lit) - 1

/* ---- CSV ---- */

static void test_table__csv_utf8(void **state)
{
    (void)state;
    check_csv(S("统一社会信用代码,企业名称\n91150300MA0N2XYZ12,乌海焦化\n"), NULL,
              "1:统一社会信用代码|企业名称\n2:91150300MA0N2XYZ12|乌海焦化\n", "csv utf-8");
}

static void test_table__csv_utf8_bom_is_stripped(void **state)
{
    (void)state;
    check_csv(S("\xEF\xBB\xBFuscc,year\nX,2023\n"), "auto", "1:uscc|year\n2:X|2023\n",
              "csv utf-8-bom");
    check_csv(S("\xEF\xBB\xBFuscc\n"), "utf-8", "1:uscc\n", "csv utf-8-bom");
}

static void test_table__csv_gbk_is_detected(void **state)
{
    (void)state;
    const char *text = "统一社会信用代码,企业名称\n1,内蒙古乌海市海南区焦化厂\n";
    char gbk[256];
    size_t n = to_charset("GBK", text, gbk, sizeof(gbk));
    assert_true(n < strlen(text)); /* really two bytes per character */
    const char *want = "1:统一社会信用代码|企业名称\n2:1|内蒙古乌海市海南区焦化厂\n";
    check_csv(gbk, n, NULL, want, "csv gb18030");
    check_csv(gbk, n, "gbk", want, "csv gb18030");
    check_csv(gbk, n, "GB18030", want, "csv gb18030");
}

static void test_table__csv_gb18030_four_byte_characters(void **state)
{
    (void)state;
    const char *text = "名称\n㐀𠀀企业\n"; /* U+3400 and U+20000 are four bytes in GB18030 */
    char gb[128];
    size_t n = to_charset("GB18030", text, gb, sizeof(gb));
    check_csv(gb, n, NULL, "1:名称\n2:㐀𠀀企业\n", "csv gb18030");
}

static void test_table__csv_gbk_across_slice_boundary(void **state)
{
    (void)state;
    /* 1 MiB slices: an odd ASCII prefix puts a two-byte character across the cut. */
    size_t pad = ((size_t)1 << 20) - 1, cap = pad + 64;
    char *buf = malloc(cap);
    assert_non_null(buf);
    memset(buf, 'a', pad);
    size_t n = pad + to_charset("GBK", ",中文\n", buf + pad, cap - pad);
    char path[256];
    write_file(path, sizeof(path), "cut.csv", buf, n);
    free(buf);
    struct rows r = { PO_BUF_INIT, 0, 0 };
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(read_rows(path, NULL, NULL, &r, NULL, &err), 0);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.out.buf + r.out.len - strlen("|中文\n"), "|中文\n");
    po_buf_release(&r.out);
}

static void test_table__csv_forced_utf8_reports_bad_byte(void **state)
{
    (void)state;
    check_csv_fails(S("a\nb\nc\xff\n"), "utf-8", PO_EINVAL, "row 3", "byte offset 5");
}

/* A NUL byte is refused, whatever the encoding: "name\0tail" would be stored as "name"
 * (fuzz/regress/calendar: a holiday named "\0端午节" passed as named) */
static void test_table__csv_nul_byte_refused(void **state)
{
    (void)state;
    check_csv_fails(S("code,name\n150000,\xe5\x86\x85\0evil\n"), NULL, PO_EINVAL, "NUL byte",
                    "byte offset 20");
    check_csv_fails(S("code,name\n1,\0\n"), "gb18030", PO_EINVAL, "NUL byte", "byte offset 12");
}

static void test_table__csv_neither_utf8_nor_gb18030(void **state)
{
    (void)state;
    check_csv_fails(S("name\nok\n\xff\xff\n"), NULL, PO_EINVAL, "row 3", "GB18030");
}

static void test_table__csv_damaged_utf8_is_not_read_as_gbk(void **state)
{
    (void)state;
    /* Plenty of UTF-8 Chinese, then one stray byte: an error, not silent mojibake. */
    check_csv_fails(S("企业名称,地址\n乌海焦化,海南区\n坏\xff\n"), NULL, PO_EINVAL, "row 3",
                    "UTF-8");
}

static void test_table__csv_quoting(void **state)
{
    (void)state;
    check_csv(S("h1,h2\n\"a,b\",\"say \"\"hi\"\"\"\n\"line1\nline2\",x\nlast,\"\"\n"), NULL,
              "1:h1|h2\n2:a,b|say \"hi\"\n3:line1\nline2|x\n4:last\n", "csv utf-8");
}

static void test_table__csv_crlf_and_blank_lines_keep_row_numbers(void **state)
{
    (void)state;
    check_csv(S("a,b\r\n\r\n1,2\r\n,,\r\n\n3,4"), NULL, "1:a|b\n3:1|2\n6:3|4\n", "csv utf-8");
    check_csv(S("a\r\n\"x\r\ny\"\r\nb\r\n"), NULL, "1:a\n2:x\r\ny\n3:b\n", "csv utf-8");
}

static void test_table__csv_spaces_and_trailing_empty_fields(void **state)
{
    (void)state;
    check_csv(S("a, b ,\" c \",,\n,x\n"), NULL, "1:a|b| c \n2:|x\n", "csv utf-8");
}

static void test_table__csv_unterminated_quote(void **state)
{
    (void)state;
    check_csv_fails(S("a,b\n1,\"oops\n2,3\n"), NULL, PO_EINVAL, "row 2", "unterminated");
}

static void test_table__csv_misplaced_quote(void **state)
{
    (void)state;
    check_csv_fails(S("a,b\nx,5\"pipe\n"), NULL, PO_EINVAL, "row 2", "misplaced quote");
    check_csv_fails(S("\"a\"b\n"), NULL, PO_EINVAL, "row 1", "byte 3");
}

static void test_table__csv_column_limit(void **state)
{
    (void)state;
    struct po_buf b = PO_BUF_INIT;
    for (int i = 0; i < PO_TABLE_MAX_COLUMNS; i++)
        po_buf_adds(&b, i ? ",x" : "x");
    po_buf_adds(&b, "\n");
    char path[256];
    write_file(path, sizeof(path), "wide.csv", b.buf, b.len);
    struct rows r = { PO_BUF_INIT, 0, 0 };
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(read_rows(path, NULL, NULL, &r, NULL, &err), 0);
    assert_int_equal(r.n, 1);
    po_buf_release(&r.out);
    po_buf_adds(&b, "y");
    for (int i = 0; i < PO_TABLE_MAX_COLUMNS; i++)
        po_buf_adds(&b, ",y");
    check_csv_fails(b.buf, b.len, NULL, PO_EINVAL, "row 2", "more than 4096 columns");
    po_buf_release(&b);
}

static void test_table__csv_field_limit(void **state)
{
    (void)state;
    size_t n = 2 * PO_TABLE_MAX_FIELD;
    char *big = malloc(n + 8);
    assert_non_null(big);
    memcpy(big, "h\n", 2);
    memset(big + 2, 'x', n);
    check_csv_fails(big, n + 2, NULL, PO_EINVAL, "row 2", "longer than 1 MiB");
    big[2] = '"'; /* an unterminated quote swallowing the rest of a large file */
    for (size_t i = 100; i < n; i += 100)
        big[i] = '\n';
    check_csv_fails(big, n + 2, NULL, PO_EINVAL, "row 2", "unterminated quote?");
    free(big);
}

static void test_table__callback_stops_reading(void **state)
{
    (void)state;
    char path[256];
    write_file(path, sizeof(path), "stop.csv", S("a\nb\nc\nd\n"));
    struct rows r = { PO_BUF_INIT, 2, 0 };
    struct po_err err = PO_ERR_INIT;
    struct po_table_info info;
    assert_int_equal(read_rows(path, NULL, NULL, &r, &info, &err), PO_ECONFLICT);
    assert_string_equal(err.msg, "stop");
    assert_string_equal(r.out.buf, "1:a\n2:b\n");
    assert_int_equal(info.rows, 2);
    po_buf_release(&r.out);
}

static void test_table__empty_and_missing_files(void **state)
{
    (void)state;
    check_csv("", 0, NULL, "", "csv utf-8");
    char path[256];
    path_of(path, sizeof(path), "nope.csv");
    check_fails(path, NULL, NULL, PO_EIO, "nope.csv", (const char *)NULL);
    check_fails(tmpdir, NULL, NULL, PO_EIO, "directory", (const char *)NULL);
}

static void test_table__refused_formats_and_options(void **state)
{
    (void)state;
    char path[256];
    write_file(path, sizeof(path), "old.xls", S("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"));
    check_fails(path, NULL, NULL, PO_EINVAL, "old.xls", "old .xls format", "save as .xlsx or CSV",
                (const char *)NULL);
    write_file(path, sizeof(path), "u16.csv",
               S("\xFF\xFE"
                 "a\0,\0b\0"));
    check_fails(path, NULL, NULL, PO_EINVAL, "UTF-16", (const char *)NULL);
    write_file(path, sizeof(path), "ok.csv", S("a\n"));
    check_fails(path, "latin1", NULL, PO_EINVAL, "unknown encoding \"latin1\"", (const char *)NULL);
}

struct progress_log {
    int calls;
    uint64_t last_done, total;
};

static void on_progress(void *ctx, uint64_t done, uint64_t total)
{
    struct progress_log *p = ctx;
    p->calls++;
    assert_true(done >= p->last_done);
    p->last_done = done;
    p->total = total;
}

static void test_table__progress_is_throttled(void **state)
{
    (void)state;
    struct po_buf b = PO_BUF_INIT;
    while (b.len < ((size_t)5 << 20))
        po_buf_adds(&b, "91150300MA0N2XYZ12,2023,raw_coal,1234.5,t\n");
    char path[256];
    write_file(path, sizeof(path), "big.csv", b.buf, b.len);
    struct progress_log log = { 0, 0, 0 };
    struct po_table_opts o = PO_TABLE_OPTS_INIT;
    o.progress = on_progress;
    o.progress_ctx = &log;
    struct rows r = { PO_BUF_INIT, 0, 0 };
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_table_read(path, &o, collect, &r, &err), 0);
    assert_true(log.calls >= 2 && log.calls <= 101);
    assert_int_equal(log.last_done, b.len);
    assert_int_equal(log.total, b.len);
    po_buf_release(&r.out);
    po_buf_release(&b);
}

/* ---- XLSX made by libxlsxwriter ---- */

static void make_book(const char *path, bool constant_memory)
{
    lxw_workbook_options opt = { .constant_memory = constant_memory,
                                 .tmpdir = NULL,
                                 .use_zip64 = LXW_FALSE };
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    assert_non_null(wb);
    lxw_worksheet *s1 = workbook_add_worksheet(wb, "能耗");
    lxw_worksheet *s2 = workbook_add_worksheet(wb, "2023");
    lxw_format *date = workbook_add_format(wb), *dt = workbook_add_format(wb),
               *builtin = workbook_add_format(wb), *money = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    format_set_num_format(dt, "yyyy/m/d h:mm:ss");
    format_set_num_format_index(builtin, 14);
    format_set_num_format(money, "#,##0.00 \"元\";[Red]-#,##0.00");
    worksheet_write_string(s1, 0, 0, "统一社会信用代码", NULL);
    worksheet_write_string(s1, 0, 1, "数量", NULL);
    worksheet_write_string(s1, 0, 3, "gap before", NULL);
    worksheet_write_string(s1, 1, 0, "91150300MA0N2XYZ12", NULL);
    worksheet_write_number(s1, 1, 1, 0.1 + 0.2, NULL);
    worksheet_write_number(s1, 1, 2, 12345678901.0, NULL);
    worksheet_write_number(s1, 1, 3, 1e-3, money);
    worksheet_write_number(s1, 2, 0, -3, NULL);
    lxw_datetime d = { 2024, 3, 15, 0, 0, 0 }, t = { 2024, 3, 15, 13, 45, 30 };
    worksheet_write_datetime(s1, 2, 1, &d, date);
    worksheet_write_datetime(s1, 2, 2, &t, dt);
    worksheet_write_number(s1, 2, 3, 45366, builtin);
    worksheet_write_boolean(s1, 4, 0, 1, NULL);
    worksheet_write_boolean(s1, 4, 1, 0, NULL);
    worksheet_write_number(s1, 4, 2, 1e22, NULL);
    worksheet_write_number(s1, 4, 3, 0.0000001, NULL);
    worksheet_write_string(s2, 0, 0, "second", NULL);
    worksheet_write_string(s2, 2, 2, "C3", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static const char *book_sheet1 = "1:统一社会信用代码|数量||gap before\n"
                                 "2:91150300MA0N2XYZ12|0.3|12345678901|0.001\n"
                                 "3:-3|2024-03-15|2024-03-15 13:45:30|2024-03-15\n"
                                 "5:1|0|1E+22|0.0000001\n";

static void test_table__xlsx_values(void **state)
{
    (void)state;
    char path[256];
    path_of(path, sizeof(path), "book.xlsx");
    make_book(path, false);
    struct rows r = { PO_BUF_INIT, 0, 0 };
    struct po_table_info info;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(read_rows(path, NULL, NULL, &r, &info, &err), 0);
    assert_string_equal(r.out.buf, book_sheet1);
    assert_string_equal(info.format, "xlsx");
    assert_string_equal(info.sheet, "能耗");
    assert_int_equal(info.rows, 4);
    po_buf_release(&r.out);
}

static void test_table__xlsx_inline_strings(void **state)
{
    (void)state;
    char path[256];
    path_of(path, sizeof(path), "inline.xlsx");
    make_book(path, true); /* constant memory mode writes inline strings */
    struct rows r = { PO_BUF_INIT, 0, 0 };
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(read_rows(path, NULL, NULL, &r, NULL, &err), 0);
    assert_string_equal(r.out.buf, book_sheet1);
    po_buf_release(&r.out);
}

static void test_table__xlsx_sheet_by_number_and_name(void **state)
{
    (void)state;
    char path[256];
    path_of(path, sizeof(path), "book2.xlsx");
    make_book(path, false);
    const char *want = "1:second\n3:||C3\n";
    const char *picks[] = { "2", "2023", "能耗" };
    for (size_t i = 0; i < 3; i++) {
        struct rows r = { PO_BUF_INIT, 0, 0 };
        struct po_err err = PO_ERR_INIT;
        assert_int_equal(read_rows(path, NULL, picks[i], &r, NULL, &err), 0);
        assert_string_equal(r.out.buf, i < 2 ? want : book_sheet1);
        po_buf_release(&r.out);
    }
    check_fails(path, NULL, "3", PO_ENOTFOUND, "no sheet \"3\"", "1 \"能耗\", 2 \"2023\"",
                (const char *)NULL);
    check_fails(path, NULL, "Energy", PO_ENOTFOUND, "no sheet \"Energy\"", (const char *)NULL);
}

static void test_table__xlsx_truncated(void **state)
{
    (void)state;
    char path[256], cut[256];
    path_of(path, sizeof(path), "whole.xlsx");
    make_book(path, false);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    write_file(cut, sizeof(cut), "cut.xlsx", buf, n / 2);
    check_fails(cut, NULL, NULL, PO_EINVAL, "cut.xlsx is not a valid xlsx file",
                (const char *)NULL);
}

/* ---- XLSX made by hand ---- */

struct part {
    const char *name, *xml;
};

static void make_zip(const char *path, const struct part *parts, size_t n)
{
    int zerr;
    unlink(path);
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    assert_non_null(z);
    for (size_t i = 0; i < n; i++) {
        zip_source_t *src = zip_source_buffer(z, parts[i].xml, strlen(parts[i].xml), 0);
        assert_non_null(src);
        assert_true(zip_file_add(z, parts[i].name, src, ZIP_FL_OVERWRITE) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
}

#define RELS                                                                                       \
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"       \
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"      \
    "relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"                                 \
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"      \
    "relationships/sharedStrings\" Target=\"/xl/strings.xml\"/></Relationships>"
#define WORKBOOK(pr)                                                                               \
    "<x:workbook xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "           \
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">" pr          \
    "<x:sheets><x:sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></x:sheets></x:workbook>"
#define SHEET(rows)                                                                                \
    "<worksheet "                                                                                  \
    "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>" rows         \
    "</sheetData></worksheet>"

static const char *sst =
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<si><t>plain</t></si>"
    "<si><r><rPr><b/></rPr><t>rich </t></r><r><t xml:space=\"preserve\">runs</t></r>"
    "<rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh></si>"
    "<si><t>line_x000D_break_x005F_x</t></si></sst>";

static const char *styles =
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<numFmts count=\"2\"><numFmt numFmtId=\"164\" "
    "formatCode=\"[$-804]yyyy&quot;年&quot;m&quot;月&quot;\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"0.00&quot;d&quot;\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/>"
    "<xf numFmtId=\"31\"/></cellXfs></styleSheet>";

static void check_handmade(const char *workbook, const char *sheet, const char *want)
{
    char path[256];
    path_of(path, sizeof(path), "hand.xlsx");
    const struct part parts[] = {
        { "xl/_rels/workbook.xml.rels", RELS },
        { "xl/workbook.xml", workbook },
        { "xl/strings.xml", sst },
        { "xl/styles.xml", styles },
        { "xl/worksheets/sheet1.xml", sheet },
    };
    make_zip(path, parts, 5);
    struct rows r = { PO_BUF_INIT, 0, 0 };
    struct po_err err = PO_ERR_INIT;
    int rc = read_rows(path, NULL, NULL, &r, NULL, &err);
    if (rc)
        print_error("unexpected error: %s\n", err.msg);
    assert_int_equal(rc, 0);
    assert_string_equal(r.out.buf, want);
    po_buf_release(&r.out);
}

static void test_table__xlsx_handmade_cells(void **state)
{
    (void)state;
    char want[512];
    snprintf(want, sizeof(want), "%s%.26s%s", "2:|plain||rich runs|line\rbreak_x\n7:#N/A|fx",
             "||||||||||||||||||||||||||||||", /* C7..AA7 are empty: AB7 is field 28 */
             "inAline\n8:2024-03-15|1.5|2024-03-15 12:00:00|06:00:00|2| 7 |1900-02-29|1900-03-01\n"
             "9:1.5|7|0|5|0.001|0.3|123456789012346000|-12.5|1E-25|0.00000000000000000001|12a\n");
    check_handmade(
        WORKBOOK(""),
        SHEET("<row r=\"2\"><c r=\"B2\" t=\"s\"><v>0</v></c><c r=\"D2\" t=\"s\"><v>1</v></c>"
              "<c r=\"E2\" t=\"s\"><v>2</v></c></row>"
              "<row r=\"3\"/><row r=\"4\"><c r=\"A4\" s=\"1\"/></row>"
              "<row r=\"7\"><c r=\"A7\" t=\"e\"><v>#N/A</v></c>"
              "<c t=\"str\"><f>A1&amp;\"x\"</f><v>fx</v></c>"
              "<c r=\"AB7\" t=\"inlineStr\"><is><t>in_x0041_line</t></is></c></row>"
              "<row><c r=\"A8\" s=\"1\"><v>45366</v></c><c r=\"B8\" s=\"2\"><v>1.5</v></c>"
              "<c r=\"C8\" s=\"3\"><v>45366.5</v></c><c r=\"D8\" s=\"1\"><v>0.25</v></c>"
              "<c r=\"E8\" s=\"99\"><v>2</v></c><c r=\"F8\"><v> 7 </v></c>"
              "<c r=\"G8\" s=\"1\"><v>60</v></c><c r=\"H8\" s=\"1\"><v>61</v></c></row>"
              "<row r=\"9\"><c><v>1.50</v></c><c><v>007</v></c><c><v>-0</v></c>"
              "<c><v>5.000</v></c><c><v>1.0E-3</v></c><c><v>0.30000000000000004</v></c>"
              "<c><v>123456789012345678</v></c><c><v>-12.5</v></c><c><v>1e-25</v></c>"
              "<c><v>0.00000000000000000001</v></c><c><v>12a</v></c></row>"),
        want);
}

static void test_table__xlsx_date1904(void **state)
{
    (void)state;
    check_handmade(WORKBOOK("<x:workbookPr date1904=\"1\"/>"),
                   SHEET("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>1</v></c></row>"), "1:1904-01-02\n");
}

static void check_handmade_fails(const char *sheet, const char *needle)
{
    char path[256];
    path_of(path, sizeof(path), "badhand.xlsx");
    const struct part parts[] = {
        { "xl/_rels/workbook.xml.rels", RELS },
        { "xl/workbook.xml", WORKBOOK("") },
        { "xl/strings.xml", sst },
        { "xl/worksheets/sheet1.xml", sheet },
    };
    make_zip(path, parts, 4);
    check_fails(path, NULL, NULL, PO_EINVAL, "badhand.xlsx", needle, (const char *)NULL);
}

static void test_table__xlsx_malformed(void **state)
{
    (void)state;
    check_handmade_fails(SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></row>"), "sheet1.xml line 1");
    check_handmade_fails("<!DOCTYPE x [<!ENTITY a \"aaaa\">]><x>&a;</x>", "DOCTYPE");
    check_handmade_fails(SHEET("<row r=\"9\"><c r=\"A9\" t=\"s\"><v>3</v></c></row>"),
                         "row 9 column 1: shared string 3 does not exist");
    check_handmade_fails(SHEET("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>"),
                         "row 1: bad cell reference \"XFE1\"");
    check_handmade_fails(SHEET("<row r=\"1\"><c r=\"FXT1\"><v>1</v></c></row>"),
                         "row 1: more than 4096 columns");

    struct po_buf big = PO_BUF_INIT;
    po_buf_adds(&big, SHEET("<row r=\"4\"><c r=\"B4\" t=\"inlineStr\"><is><t>"));
    big.len -= strlen("</sheetData></worksheet>");
    for (size_t i = 0; i <= PO_TABLE_MAX_FIELD; i += 64)
        po_buf_adds(&big, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    po_buf_adds(&big, "</t></is></c></row></sheetData></worksheet>");
    check_handmade_fails(big.buf, "row 4 column 2: field longer than 1 MiB");
    po_buf_release(&big);

    char path[256];
    path_of(path, sizeof(path), "plain.zip");
    const struct part junk[] = { { "hello.txt", "hello" } };
    make_zip(path, junk, 1);
    check_fails(path, NULL, NULL, PO_EINVAL, "not a valid xlsx", "workbook.xml.rels is missing",
                (const char *)NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table__csv_utf8),
        cmocka_unit_test(test_table__csv_utf8_bom_is_stripped),
        cmocka_unit_test(test_table__csv_gbk_is_detected),
        cmocka_unit_test(test_table__csv_gb18030_four_byte_characters),
        cmocka_unit_test(test_table__csv_gbk_across_slice_boundary),
        cmocka_unit_test(test_table__csv_forced_utf8_reports_bad_byte),
        cmocka_unit_test(test_table__csv_neither_utf8_nor_gb18030),
        cmocka_unit_test(test_table__csv_damaged_utf8_is_not_read_as_gbk),
        cmocka_unit_test(test_table__csv_quoting),
        cmocka_unit_test(test_table__csv_crlf_and_blank_lines_keep_row_numbers),
        cmocka_unit_test(test_table__csv_spaces_and_trailing_empty_fields),
        cmocka_unit_test(test_table__csv_unterminated_quote),
        cmocka_unit_test(test_table__csv_misplaced_quote),
        cmocka_unit_test(test_table__csv_column_limit),
        cmocka_unit_test(test_table__csv_field_limit),
        cmocka_unit_test(test_table__callback_stops_reading),
        cmocka_unit_test(test_table__empty_and_missing_files),
        cmocka_unit_test(test_table__refused_formats_and_options),
        cmocka_unit_test(test_table__progress_is_throttled),
        cmocka_unit_test(test_table__csv_nul_byte_refused),
        cmocka_unit_test(test_table__xlsx_values),
        cmocka_unit_test(test_table__xlsx_inline_strings),
        cmocka_unit_test(test_table__xlsx_sheet_by_number_and_name),
        cmocka_unit_test(test_table__xlsx_truncated),
        cmocka_unit_test(test_table__xlsx_handmade_cells),
        cmocka_unit_test(test_table__xlsx_date1904),
        cmocka_unit_test(test_table__xlsx_malformed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

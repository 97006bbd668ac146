/*
 * test_sheetw.c: the CSV and XLSX writers, byte for byte where it matters
 * and round-tripped through po_table_read().
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "format/sheetw.h"
#include "format/table.h"
#include "store/testdb.h"
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

#define T(s) { PO_CELL_TEXT, s }
#define N(s) { PO_CELL_NUMBER, s }
#define E { PO_CELL_EMPTY, NULL }

static const struct po_cell header[] = { T("uscc"), T("企业名称"), T("quantity"), T("note") };
static const struct po_cell row1[] = { T("91150300MA0N2XYZ12"), T("乌海市\"海南\"焦化, 有限公司"),
                                       N("1234.5"), T(" two\r\nlines ") };
static const struct po_cell row2[] = { T("X"), E, N("-0.000001"), E };
static const struct po_cell row3[] = { T("Y"), T(""), N("12345678901"), T("=SUM(A1)") };
/* formula injection (OWASP CSV injection): guarded in CSV, read back as written */
static const struct po_cell row4[] = { T("'=already"), T("-dash"), N("-5"), T("@SUM(1)") };
static const struct po_cell row5[] = { T("\tcmd"), T("'plain"), E, T("+1") };

/* What po_table_read() gives back for the rows above. */
static const char *round_trip =
    "1:uscc|企业名称|quantity|note\n"
    "2:91150300MA0N2XYZ12|乌海市\"海南\"焦化, 有限公司|1234.5| two\r\nlines \n"
    "3:X||-0.000001\n"
    "4:Y||12345678901|=SUM(A1)\n"
    "5:'=already|-dash|-5|@SUM(1)\n"
    "6:\tcmd|'plain||+1\n";

static void write_table(const char *path, enum po_sheet_format fmt)
{
    struct po_sheetw *w;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_sheetw_open(&w, path, fmt, "能耗数据", &err), 0);
    assert_int_equal(po_sheetw_row(w, header, 4, &err), 0);
    assert_int_equal(po_sheetw_row(w, row1, 4, &err), 0);
    assert_int_equal(po_sheetw_row(w, row2, 4, &err), 0);
    assert_int_equal(po_sheetw_row(w, row3, 4, &err), 0);
    assert_int_equal(po_sheetw_row(w, row4, 4, &err), 0);
    assert_int_equal(po_sheetw_row(w, row5, 4, &err), 0);
    assert_int_equal(po_sheetw_close(w, &err), 0);
}

static int collect(void *ctx, const struct po_row *row, struct po_err *err)
{
    (void)err;
    struct po_buf *b = ctx;
    po_buf_addf(b, "%zu:", row->rowno);
    for (size_t i = 0; i < row->nfields; i++) {
        if (i)
            po_buf_addch(b, '|');
        po_buf_add(b, row->fields[i].ptr, row->fields[i].len);
    }
    po_buf_addch(b, '\n');
    return 0;
}

static void check_reads_back(const char *path, const char *want, const char *format)
{
    struct po_buf b = PO_BUF_INIT;
    struct po_err err = PO_ERR_INIT;
    struct po_table_info info;
    struct po_table_opts o = PO_TABLE_OPTS_INIT;
    o.info = &info;
    assert_int_equal(po_table_read(path, &o, collect, &b, &err), 0);
    assert_string_equal(b.buf, want);
    assert_string_equal(info.format, format);
    po_buf_release(&b);
}

static void slurp(const char *path, struct po_buf *out)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        po_buf_add(out, buf, n);
    fclose(f);
}

static void test_sheetw__csv_bytes(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof(path), "%s/out.csv", tmpdir);
    write_table(path, PO_SHEET_CSV);
    struct po_buf b = PO_BUF_INIT;
    slurp(path, &b);
    const char *want =
        "\xEF\xBB\xBFuscc,企业名称,quantity,note\r\n"
        "91150300MA0N2XYZ12,\"乌海市\"\"海南\"\"焦化, 有限公司\",1234.5,\" two\r\nlines \"\r\n"
        "X,,-0.000001,\r\n"
        "Y,,12345678901,\"'=SUM(A1)\"\r\n"
        "\"''=already\",\"'-dash\",-5,\"'@SUM(1)\"\r\n"
        "\"'\tcmd\",'plain,,\"'+1\"\r\n";
    assert_int_equal(b.len, strlen(want));
    assert_memory_equal(b.buf, want, b.len);
    po_buf_release(&b);
}

static void test_sheetw__csv_round_trip(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof(path), "%s/rt.csv", tmpdir);
    write_table(path, PO_SHEET_CSV);
    check_reads_back(path, round_trip, "csv utf-8-bom");
}

static void test_sheetw__xlsx_round_trip(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof(path), "%s/rt.xlsx", tmpdir);
    write_table(path, PO_SHEET_XLSX);
    check_reads_back(path, round_trip, "xlsx");
}

/* The text of one part of a zip. */
static void zip_part(const char *path, const char *part, struct po_buf *out)
{
    int zerr;
    zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
    assert_non_null(z);
    zip_file_t *f = zip_fopen(z, part, 0);
    assert_non_null(f);
    char buf[4096];
    zip_int64_t n;
    while ((n = zip_fread(f, buf, sizeof(buf))) > 0)
        po_buf_add(out, buf, (size_t)n);
    zip_fclose(f);
    zip_discard(z);
}

static void test_sheetw__xlsx_layout(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof(path), "%s/layout.xlsx", tmpdir);
    write_table(path, PO_SHEET_XLSX);
    struct po_buf b = PO_BUF_INIT;
    zip_part(path, "xl/workbook.xml", &b);
    assert_non_null(strstr(b.buf, "name=\"能耗数据\""));
    po_buf_reset(&b);
    zip_part(path, "xl/worksheets/sheet1.xml", &b);
    assert_non_null(strstr(b.buf, "ySplit=\"1\""));              /* first row frozen */
    assert_non_null(strstr(b.buf, "<c r=\"A1\" s=\"1\""));       /* header cells bold (xf 1) */
    assert_null(strstr(b.buf, "<c r=\"A2\" s=\"1\""));           /* only the header */
    assert_non_null(strstr(b.buf, "<c r=\"C2\"><v>1234.5</v>")); /* a number, not text */
    /* widths, +2 for margins: A 18 characters; B 11 CJK (22) and 4 ASCII; C 11 digits */
    assert_non_null(strstr(b.buf, "<col min=\"1\" max=\"1\" width=\"20.7109375\""));
    assert_non_null(strstr(b.buf, "<col min=\"2\" max=\"2\" width=\"28.7109375\""));
    assert_non_null(strstr(b.buf, "<col min=\"3\" max=\"3\" width=\"13.7109375\""));
    po_buf_reset(&b);
    zip_part(path, "xl/styles.xml", &b);
    assert_non_null(strstr(b.buf, "<b/>"));
    po_buf_release(&b);
}

static void test_sheetw__errors_are_sticky_and_remove_the_file(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof(path), "%s/bad.csv", tmpdir);
    const struct po_cell bad[] = { T("a"), N("1,234") };
    const enum po_sheet_format fmts[] = { PO_SHEET_CSV, PO_SHEET_XLSX };
    for (size_t i = 0; i < 2; i++) {
        struct po_sheetw *w;
        struct po_err err = PO_ERR_INIT;
        assert_int_equal(po_sheetw_open(&w, path, fmts[i], NULL, &err), 0);
        assert_int_equal(po_sheetw_row(w, header, 4, &err), 0);
        assert_int_equal(po_sheetw_row(w, bad, 2, &err), PO_EINVAL);
        assert_string_equal(err.msg, "bad.csv row 2 column 2: \"1,234\" is not a number");
        assert_int_equal(po_sheetw_row(w, header, 4, &err), PO_EINVAL);
        struct po_err cerr = PO_ERR_INIT;
        assert_int_equal(po_sheetw_close(w, &cerr), PO_EINVAL);
        assert_string_equal(cerr.msg, err.msg);
        assert_int_equal(access(path, F_OK), -1);
    }
}

static void test_sheetw__refuses_bad_input(void **state)
{
    (void)state;
    char path[256];
    struct po_sheetw *w;
    struct po_err err = PO_ERR_INIT;
    snprintf(path, sizeof(path), "%s/x.xlsx", tmpdir);
    assert_int_equal(po_sheetw_open(&w, path, PO_SHEET_XLSX, "a/b", &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "invalid sheet name \"a/b\""));
    assert_null(w);
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(po_sheetw_open(&w, "/nonexistent/dir/x.csv", PO_SHEET_CSV, NULL, &err),
                     PO_EIO);
    assert_non_null(strstr(err.msg, "cannot write x.csv"));
    assert_int_equal(po_sheetw_open(&w, "/nonexistent/dir/x.xlsx", PO_SHEET_XLSX, NULL, &err),
                     PO_EIO);
    const struct po_cell latin1[] = { T("caf\xE9") };
    assert_int_equal(po_sheetw_open(&w, path, PO_SHEET_XLSX, NULL, &err), 0);
    assert_int_equal(po_sheetw_row(w, latin1, 1, &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "not valid UTF-8"));
    assert_int_equal(po_sheetw_close(w, &err), PO_EINVAL);
    assert_int_equal(po_sheetw_close(NULL, &err), 0);
}

/* Run the writer with standard output sent to path. */
static void write_to_stdout(const char *path, enum po_sheet_format fmt)
{
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(saved >= 0 && fd >= 0);
    dup2(fd, STDOUT_FILENO);
    close(fd);
    write_table(NULL, fmt);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
}

static void test_sheetw__stdout(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof(path), "%s/stdout.csv", tmpdir);
    write_to_stdout(path, PO_SHEET_CSV);
    check_reads_back(path, round_trip, "csv utf-8-bom");
    snprintf(path, sizeof(path), "%s/stdout.xlsx", tmpdir);
    write_to_stdout(path, PO_SHEET_XLSX);
    check_reads_back(path, round_trip, "xlsx");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sheetw__csv_bytes),
        cmocka_unit_test(test_sheetw__csv_round_trip),
        cmocka_unit_test(test_sheetw__xlsx_round_trip),
        cmocka_unit_test(test_sheetw__xlsx_layout),
        cmocka_unit_test(test_sheetw__errors_are_sticky_and_remove_the_file),
        cmocka_unit_test(test_sheetw__refuses_bad_input),
        cmocka_unit_test(test_sheetw__stdout),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

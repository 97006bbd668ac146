/* test_tablebuf.c: a table as CSV/XLSX bytes, formula cells neutralised (format/tablebuf.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "format/tablebuf.h"
#include "util/buf.h"

static void test_tablebuf__csv_neutralises_formulas(void **state)
{
    (void)state;
    const char *cells[] = { "名称", "备注", "=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)",
                            "\tx",  "a,b", "say \"hi\"", NULL };
    struct po_buf b = PO_BUF_INIT;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_tablebuf_write(&b, PO_SHEET_CSV, NULL, cells, 2, 5, 0, &err), 0);
    po_buf_addch(&b, '\0');
    assert_string_equal(b.buf, "\xEF\xBB\xBF名称,备注\r\n"
                               "\"'=cmd|' /C calc'!A0\",\"'+1\"\r\n"
                               "\"'-2\",\"'@SUM(A1)\"\r\n"
                               "\"'\tx\",\"a,b\"\r\n"
                               "\"say \"\"hi\"\"\",\r\n");
    po_buf_release(&b);
}

static void test_tablebuf__xlsx_is_a_workbook(void **state)
{
    (void)state;
    const char *cells[] = { "名称", "=1+1", "乌海", NULL };
    struct po_buf b = PO_BUF_INIT;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_tablebuf_write(&b, PO_SHEET_XLSX, "表", cells, 2, 2, 1700000000, &err), 0);
    assert_true(b.len > 1000);
    assert_memory_equal(b.buf, "PK", 2);
    /* the same rows and time, the same bytes */
    struct po_buf c = PO_BUF_INIT;
    assert_int_equal(po_tablebuf_write(&c, PO_SHEET_XLSX, "表", cells, 2, 2, 1700000000, &err), 0);
    assert_int_equal(b.len, c.len);
    assert_memory_equal(b.buf, c.buf, b.len);
    po_buf_release(&c);
    /* a sheet name Excel refuses */
    assert_true(po_tablebuf_write(&c, PO_SHEET_XLSX, "a/b", cells, 2, 2, 0, &err) < 0);
    assert_int_equal(err.code, PO_EINVAL);
    po_buf_release(&c);
    po_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tablebuf__csv_neutralises_formulas),
        cmocka_unit_test(test_tablebuf__xlsx_is_a_workbook),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

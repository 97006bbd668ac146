/*
 * test_template.c: every column of every import kind is explained for the template (import_doc.c
 * against import_kinds.c), every doc names a real column, and a template written for each kind is
 * a workbook on disk; an unknown kind is refused in both languages (ingest/template.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest/import_doc.h"
#include "ingest/template.h"

static void test_template__every_column_documented(void **state)
{
    (void)state;
    struct po_err err = PO_ERR_INIT;
    int rc = po_template_check_docs(&err);
    if (rc < 0)
        fail_msg("%s", err.msg);
    /* the doc says what a bureau user must know of a three-state fact */
    const struct po_import_coldoc *d = po_import_coldoc_find("enterprises", "has_downstream");
    assert_non_null(d);
    assert_non_null(strstr(d->meaning_zh, "未记录"));
    assert_null(po_import_coldoc_find("enterprises", "no_such_column"));
    assert_string_equal(po_import_kind_title_zh("targets"), "双控目标");
    assert_null(po_import_kind_title_zh("nope"));
}

static void test_template__written_for_every_kind(void **state)
{
    (void)state;
    static const char *const kinds[] = { "districts", "industries", "enterprises", "equipment",
                                         "energy",    "output",     "economics",   "inspections",
                                         "licences",  "targets",    "meter" };
    char dir[] = "/tmp/po-template-XXXXXX";
    assert_non_null(mkdtemp(dir));
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        char path[256];
        snprintf(path, sizeof(path), "%s/%s.xlsx", dir, kinds[i]);
        struct po_err err = PO_ERR_INIT;
        if (po_template_write_xlsx(kinds[i], path, &err) < 0)
            fail_msg("%s: %s", kinds[i], err.msg);
        struct stat sb;
        assert_int_equal(stat(path, &sb), 0);
        assert_true(sb.st_size > 1000);
        FILE *f = fopen(path, "rb");
        char magic[2] = { 0 };
        assert_int_equal(fread(magic, 1, 2, f), 2);
        fclose(f);
        assert_memory_equal(magic, "PK", 2); /* a zip: the OOXML container */
        unlink(path);
    }
    char path[256];
    snprintf(path, sizeof(path), "%s/x.xlsx", dir);
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_template_write_xlsx("nope", path, &err), PO_EINVAL);
    assert_non_null(strstr(err.msg_zh, "未知的导入类别"));
    assert_non_null(strstr(err.msg, "unknown import kind"));
    assert_int_equal(access(path, F_OK), -1);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_template__every_column_documented),
        cmocka_unit_test(test_template__written_for_every_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

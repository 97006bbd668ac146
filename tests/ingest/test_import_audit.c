/*
 * test_import_audit.c: every successful import is one row of the audit
 * chain, written in the import's own transaction (ingest/import.h, app/audit.h);
 * a refused import leaves none.  SQLite always, PostgreSQL when
 * PHASEOUT_TEST_PG_DSN is set.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "app/audit.h"
#include "ingest/import.h"
#include "store/testdb.h"
#include "store/storefix.h"
#include "util/arena.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static char g_dir[256];

struct fixture {
    const char *backend;
    char dsn[512];
    struct po_store *st;
    struct po_arena *a;
};

static int setup(void **state)
{
    struct fixture *fx = *state;
    return storefix_open_arena(&fx->st, &fx->a, fx->dsn, sizeof(fx->dsn), fx->backend, g_dir,
                               "impaud");
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    storefix_close(&fx->st, &fx->a);
    return 0;
}

static const char DISTRICTS[] = "code,name,parent_code\n"
                                "150000,内蒙古自治区,\n"
                                "150300,乌海市,150000\n";

static int import(struct fixture *fx, const char *kind, const char *name, const char *body,
                  const char *actor, char sha[PO_AUDIT_HEX])
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", g_dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(body, f);
    fclose(f);
    po_audit_sha256_hex(sha, body, strlen(body));
    struct po_import_opts o = PO_IMPORT_OPTS_INIT;
    struct po_import_result res;
    struct po_err err = PO_ERR_INIT;
    o.kind = kind;
    o.actor = actor;
    return po_import_file(&res, fx->st, path, &o, fx->a, &err);
}

static int64_t audit_rows(struct fixture *fx)
{
    return storefix_int(fx->st, "SELECT count(*) FROM audit_log");
}

static void test_import_audit__one_row_per_import(void **state)
{
    struct fixture *fx = *state;
    char sha[PO_AUDIT_HEX], want[512];
    assert_int_equal(import(fx, "districts", "districts.csv", DISTRICTS, "张三", sha), 0);
    assert_int_equal(audit_rows(fx), 1);
    assert_string_equal(storefix_audit_col(fx->st, fx->a, 1, "actor"), "张三");
    assert_string_equal(storefix_audit_col(fx->st, fx->a, 1, "action"), "import");
    assert_string_equal(storefix_audit_col(fx->st, fx->a, 1, "object"), "districts:districts.csv");
    snprintf(want, sizeof(want),
             "rows=2 inserted=2 updated=0 unchanged=0 format=csv utf-8 sha256=%s role=cli", sha);
    assert_string_equal(storefix_audit_col(fx->st, fx->a, 1, "detail"), want);

    /* the same file again: nothing changes but the import is still recorded; actor NULL = cli */
    assert_int_equal(import(fx, "districts", "districts.csv", DISTRICTS, NULL, sha), 0);
    assert_int_equal(audit_rows(fx), 2);
    assert_string_equal(storefix_audit_col(fx->st, fx->a, 2, "actor"), "cli");
    assert_non_null(
        strstr(storefix_audit_col(fx->st, fx->a, 2, "detail"), "inserted=0 updated=0 unchanged=2"));

    struct po_audit_report r;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_audit_verify(&r, fx->st, &err), 0);
    assert_true(r.ok);
    assert_int_equal(r.count, 2);
}

static void test_import_audit__refused_import_leaves_no_row(void **state)
{
    struct fixture *fx = *state;
    char sha[PO_AUDIT_HEX];
    /* the last row's parent does not exist: nothing imported, nothing audited */
    assert_int_equal(import(fx, "districts", "bad.csv",
                            "code,name,parent_code\n150000,内蒙古自治区,\n150300,乌海市,159999\n",
                            "张三", sha),
                     PO_EINVAL);
    assert_int_equal(audit_rows(fx), 0);
}

int main(void)
{
    if (sodium_init() < 0 || testdb_tmpdir(g_dir, sizeof(g_dir)) < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_audit__one_row_per_import),
        cmocka_unit_test(test_import_audit__refused_import_leaves_no_row),
    };
    static struct fixture fxs[2] = { { .backend = "sqlite" }, { .backend = "pg" } };
    int failed = storefix_run_both(tests, sizeof(tests) / sizeof(tests[0]), setup, teardown,
                                   &fxs[0], &fxs[1]);
    testdb_rmdir(g_dir);
    return testdb_exit_status(failed);
}

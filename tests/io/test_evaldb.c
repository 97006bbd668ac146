/*
 * test_evaldb.c: an evaluation run and its audit row land together (io/evaldb.h,
 * io/audit.h): the row names the actor, the run and what it judged; a run whose audit
 * row cannot be written leaves no run either.  SQLite always, PostgreSQL when
 * PHASEOUT_TEST_PG_DSN is set.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "io/audit.h"
#include "io/evaldb.h"
#include "io/rulesdata.h"
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
    struct po_rulesdata rd;
};

static int setup(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    if (storefix_open_arena(&fx->st, &fx->a, fx->dsn, sizeof(fx->dsn), fx->backend, g_dir,
                            "evaldb") < 0)
        return -1;
    if (po_rulesdata_load(&fx->rd, NULL, fx->a, &err) < 0)
        return -1;
    /* one coke works with an oven whose chamber height is not recorded: cannot_decide */
    storefix_exec(fx->st,
                  "INSERT INTO district(code, name, level) VALUES ('150300', '乌海市', 'city')");
    storefix_exec(fx->st, "INSERT INTO district(code, name, level, parent_code)"
                          " VALUES ('150302', '海勃湾区', 'district', '150300')");
    storefix_exec(fx->st,
                  "INSERT INTO industry(code, edition, name) VALUES ('2521', '2017', '炼焦')");
    storefix_exec(fx->st, "INSERT INTO enterprise(id, uscc, name, district_code, industry_code)"
                          " VALUES (1, '911503021110312058', '甲焦化', '150302', '2521')");
    storefix_exec(fx->st, "INSERT INTO equipment(id, enterprise_id, equipment_id, equipment_type)"
                          " VALUES (1, 1, 'JL-1', 'coke_oven')");
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    storefix_close(&fx->st, &fx->a);
    return 0;
}

static void test_evaldb__run_and_audit_row_together(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    struct po_eval_run r1, r2;
    struct po_evaldb_opts o = PO_EVALDB_OPTS_INIT;
    o.year = 2024;
    o.as_of = (struct po_date){ 2024, 12, 31 };
    o.created_at = "2026-01-01T08:00:00Z";
    o.actor = "web:张三";
    assert_int_equal(po_evaldb_run(&r1, fx->st, &fx->rd, &o, fx->a, &err), 0);
    assert_true(r1.n > 0);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM audit_log"), 1);
    assert_string_equal(storefix_audit_col(fx->st, fx->a, 1, "at"), "2026-01-01T08:00:00Z");
    assert_string_equal(storefix_audit_col(fx->st, fx->a, 1, "actor"), "web:张三");
    assert_string_equal(storefix_audit_col(fx->st, fx->a, 1, "action"), "evaluation.run");
    char want[256];
    snprintf(want, sizeof(want), "evaluation_run/%lld", (long long)r1.id);
    assert_string_equal(storefix_audit_col(fx->st, fx->a, 1, "object"), want);
    /* web:张三 has no account in this store: role=- */
    snprintf(want, sizeof(want), "year=2024 as_of=2024-12-31 findings=%zu rules_sha256=%s role=-",
             r1.n, fx->rd.hash);
    assert_string_equal(storefix_audit_col(fx->st, fx->a, 1, "detail"), want);

    /* no actor: "cli"; no clock: now, the same text as the run's created_at */
    o = (struct po_evaldb_opts)PO_EVALDB_OPTS_INIT;
    o.year = 2024;
    o.as_of = (struct po_date){ 2025, 6, 30 };
    assert_int_equal(po_evaldb_run(&r2, fx->st, &fx->rd, &o, fx->a, &err), 0);
    assert_int_equal(r2.id, r1.id + 1);
    assert_string_equal(storefix_audit_col(fx->st, fx->a, 2, "actor"), "cli");
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM audit_log a JOIN evaluation_run r"
                                          " ON a.object = 'evaluation_run/' || r.id"
                                          " AND a.at = r.created_at"),
                     2);

    struct po_audit_report rep;
    assert_int_equal(po_audit_verify(&rep, fx->st, &err), 0);
    assert_true(rep.ok);
    assert_int_equal(rep.count, 2);
}

static void test_evaldb__no_audit_row_no_run(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    /* the audit log refuses the row, as a full disk or a lost connection would */
    if (strcmp(fx->backend, "pg") == 0) {
        storefix_exec(fx->st, "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS"
                              " $$BEGIN RAISE EXCEPTION 'refused'; END$$");
        storefix_exec(fx->st, "CREATE TRIGGER refuse BEFORE INSERT ON audit_log FOR EACH ROW"
                              " EXECUTE FUNCTION refuse()");
    } else {
        storefix_exec(fx->st, "CREATE TRIGGER refuse BEFORE INSERT ON audit_log"
                              " BEGIN SELECT RAISE(ABORT, 'refused'); END");
    }
    struct po_eval_run r;
    struct po_evaldb_opts o = PO_EVALDB_OPTS_INIT;
    o.year = 2024;
    o.as_of = (struct po_date){ 2024, 12, 31 };
    assert_true(po_evaldb_run(&r, fx->st, &fx->rd, &o, fx->a, &err) < 0);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM evaluation_run"), 0);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM evaluation_finding"), 0);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM audit_log"), 0);
}

int main(void)
{
    if (sodium_init() < 0 || testdb_tmpdir(g_dir, sizeof(g_dir)) < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_evaldb__run_and_audit_row_together),
        cmocka_unit_test(test_evaldb__no_audit_row_no_run),
    };
    static struct fixture fxs[2] = { { .backend = "sqlite" }, { .backend = "pg" } };
    int failed = storefix_run_both(tests, sizeof(tests) / sizeof(tests[0]), setup, teardown,
                                   &fxs[0], &fxs[1]);
    testdb_rmdir(g_dir);
    return failed;
}

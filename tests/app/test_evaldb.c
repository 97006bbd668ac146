/*
 * test_evaldb.c: an evaluation run and its audit row land together (app/evaldb.h,
 * app/audit.h): the row names the actor, the run and what it judged; a run whose audit
 * row cannot be written leaves no run either.  SQLite always, PostgreSQL when
 * PHASEOUT_TEST_PG_DSN is set.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "app/audit.h"
#include "app/casedb.h"
#include "app/evaldb.h"
#include "refdata/rulesdata.h"
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

/* The status and missing of the stored finding of rule on uscc's unit eq ("" enterprise). */
static const char *stored(struct fixture *fx, const char *uscc, const char *eq, const char *rule,
                          const char **missing)
{
    struct po_err err = PO_ERR_INIT;
    struct po_stmt *s = NULL;
    struct po_value v[3] = { po_vtext(uscc), po_vtext(eq), po_vtext(rule) };
    const char *status = NULL;
    *missing = NULL;
    assert_int_equal(po_stmt_prepare(&s, fx->st,
                                     "SELECT status, missing, finding_id FROM evaluation_finding"
                                     " WHERE uscc = ? AND equipment_id = ? AND rule_id = ?",
                                     &err),
                     0);
    assert_int_equal(po_stmt_bindv(s, v, 3, &err), 0);
    if (po_stmt_step(s, &err) == 1) {
        status = po_arena_strdup(fx->a, po_stmt_text(s, 0));
        if (!po_stmt_isnull(s, 1))
            *missing = po_arena_strdup(fx->a, po_stmt_text(s, 1));
        /* a case is never opened from a cannot-decide finding (and is from a caught one) */
        struct po_err e2 = PO_ERR_INIT;
        int rc = po_casedb_finding_check(fx->st, po_stmt_text(s, 2), uscc, &e2);
        assert_int_equal(rc, strcmp(status, "caught") == 0 ? 0 : PO_EINVAL);
    }
    po_stmt_finalize(s);
    return status ? status : "none";
}

/*
 * Issue 12: a fact not recorded is never a verdict.  A lime works nobody asked about its
 * downstream processing (has_downstream NULL), not inspected this year, without economics: the
 * independent-lime rule, the environment, safety and quality rules, the zombie rule and the coke
 * oven's height rule cannot decide, each naming what it waits for (the tags of
 * data/fact_sources.csv), and none of them can open a case; the same works recorded as without
 * downstream processing and inspected without violation is caught by PF-INDEP-LIME only.
 */
static void test_evaldb__unrecorded_facts_cannot_decide_and_open_no_case(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    storefix_exec(fx->st,
                  "INSERT INTO industry(code, edition, name) VALUES ('3012', '2017', '石灰')");
    storefix_exec(fx->st, "INSERT INTO enterprise(id, uscc, name, district_code, industry_code)"
                          " VALUES (2, '91150302MA0000002A', '乙石灰', '150302', '3012')");
    storefix_exec(
        fx->st, "INSERT INTO enterprise(id, uscc, name, district_code, industry_code,"
                " has_downstream) VALUES (3, '91150302MA0000003A', '丙石灰', '150302', '3012', 0)");
    storefix_exec(fx->st, "INSERT INTO equipment(id, enterprise_id, equipment_id, equipment_type)"
                          " VALUES (2, 2, 'SH-1', 'lime_kiln'), (3, 3, 'SH-1', 'lime_kiln')");
    storefix_exec(fx->st, "INSERT INTO equipment_param(equipment_pk, param, value_text) VALUES"
                          " (2, 'kiln_type', 'modern_shaft'), (3, 'kiln_type', 'modern_shaft')");
    storefix_exec(fx->st,
                  "INSERT INTO inspection(enterprise_id, department, date, document_no, kind,"
                  " severity) VALUES (3, 'eco_env', '2024-05-01', 'H-1', 'environment', 'none'),"
                  " (3, 'emergency', '2024-05-02', 'A-1', 'safety', 'none'),"
                  " (3, 'market', '2024-05-03', 'Q-1', 'quality', 'minor')");
    struct po_eval_run r;
    struct po_evaldb_opts o = PO_EVALDB_OPTS_INIT;
    o.year = 2024;
    o.as_of = (struct po_date){ 2024, 12, 31 };
    o.created_at = "2026-01-01T08:00:00Z";
    o.actor = "cli:test";
    assert_int_equal(po_evaldb_run(&r, fx->st, &fx->rd, &o, fx->a, &err), 0);
    static const struct {
        const char *uscc, *eq, *rule, *status, *missing;
    } want[] = {
        { "91150302MA0000002A", "SH-1", "PF-INDEP-LIME", "cannot_decide", "has_downstream" },
        { "91150302MA0000003A", "SH-1", "PF-INDEP-LIME", "caught", NULL },
        { "91150302MA0000002A", "", "ENV-LIMIT", "cannot_decide", "environment_inspection" },
        { "91150302MA0000003A", "", "ENV-LIMIT", "none", NULL },
        { "91150302MA0000002A", "", "SAFETY-SUSPEND", "cannot_decide", "safety_inspection" },
        { "91150302MA0000003A", "", "SAFETY-SUSPEND", "none", NULL },
        { "91150302MA0000002A", "", "QUALITY-RECTIFY", "cannot_decide", "quality_inspection" },
        { "91150302MA0000003A", "", "QUALITY-RECTIFY", "none", NULL },
        { "91150302MA0000002A", "", "PF-ZOMBIE", "cannot_decide", "profit|assets_liabilities" },
        { "911503021110312058", "JL-1", "IP-COKE-43", "cannot_decide",
          "chamber_height_m|stamp_charged" },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const char *missing;
        const char *got = stored(fx, want[i].uscc, want[i].eq, want[i].rule, &missing);
        if (strcmp(got, want[i].status) != 0)
            fail_msg("%s %s: %s, want %s", want[i].uscc, want[i].rule, got, want[i].status);
        if (want[i].missing ? !missing || strcmp(missing, want[i].missing) != 0 : missing != NULL)
            fail_msg("%s %s: missing \"%s\", want \"%s\"", want[i].uscc, want[i].rule,
                     missing ? missing : "(null)", want[i].missing ? want[i].missing : "(null)");
    }
    /* every cannot-decide finding names what it waits for, and in its Chinese evidence */
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM evaluation_finding WHERE"
                                          " status = 'cannot_decide' AND missing IS NULL"),
                     0);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM evaluation_finding WHERE"
                                          " status = 'caught' AND missing IS NOT NULL"),
                     0);
    assert_int_equal(storefix_int(fx->st,
                                  "SELECT count(*) FROM evaluation_finding WHERE rule_id ="
                                  " 'PF-INDEP-LIME' AND evidence_zh LIKE '无法判定：%未记录%'"),
                     1);
}

int main(void)
{
    if (sodium_init() < 0 || testdb_tmpdir(g_dir, sizeof(g_dir)) < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_evaldb__run_and_audit_row_together),
        cmocka_unit_test(test_evaldb__no_audit_row_no_run),
        cmocka_unit_test(test_evaldb__unrecorded_facts_cannot_decide_and_open_no_case),
    };
    static struct fixture fxs[2] = { { .backend = "sqlite" }, { .backend = "pg" } };
    int failed = storefix_run_both(tests, sizeof(tests) / sizeof(tests[0]), setup, teardown,
                                   &fxs[0], &fxs[1]);
    testdb_rmdir(g_dir);
    return testdb_exit_status(failed);
}

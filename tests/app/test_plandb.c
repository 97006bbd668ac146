/*
 * test_plandb.c: exit plans on SQLite and PostgreSQL (app/plandb.h) — a plan
 * file is checked row by row before anything is written, every bad row is
 * reported, and a good one is written in one transaction with its audit
 * rows; the supervision report's drafts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "app/planwhatif.h"
#include "app/plandb.h"
#include "store/testdb.h"
#include "store/storefix.h"
#include "core/decimal.h"
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
    if (storefix_open_arena(&fx->st, &fx->a, fx->dsn, sizeof(fx->dsn), fx->backend, g_dir, "plan") <
        0)
        return -1;
    storefix_exec(fx->st,
                  "INSERT INTO district(code, name, level) VALUES ('150300', '乌海市', 'city')");
    storefix_exec(fx->st, "INSERT INTO district(code, name, level, parent_code)"
                          " VALUES ('150302', '海勃湾区', 'district', '150300')");
    storefix_exec(fx->st,
                  "INSERT INTO industry(code, edition, name) VALUES ('2521', '2017', '炼焦')");
    storefix_exec(fx->st, "INSERT INTO enterprise(id, uscc, name, district_code, industry_code)"
                          " VALUES (1, '911503021110312058', '甲焦化', '150302', '2521')");
    storefix_exec(fx->st, "INSERT INTO equipment(id, enterprise_id, equipment_id, equipment_type,"
                          " capacity_micro, capacity_unit, product)"
                          " VALUES (1, 1, 'K1', 'coke_oven', 400000000000, '10k t/a', 'coke'),"
                          " (2, 1, 'K2', 'coke_oven', 600000000000, '10k t/a', 'coke'),"
                          " (3, 1, 'B1', 'boiler', NULL, NULL, NULL)");
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    storefix_close(&fx->st, &fx->a);
    return 0;
}

static const char *write_file(const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof(path), "%s/%s", g_dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    fclose(f);
    return path;
}

static void test_plandb__bad_last_row_writes_nothing(void **state)
{
    struct fixture *fx = *state;
    const char *path = write_file("last.csv", "uscc,equipment_id,planned_on,measure,capacity\n"
                                              "911503021110312058,K1,2025-05-31,dismantle,\n"
                                              "911503021110312058,K2,2025-02-30,seal,\n"
                                              "911503021110312058,B1,2025-06-30,seal,\n"
                                              "911503021110312058,K1,2025-07-31,seal,\n"
                                              "911503021110312058,NOSUCH,2025-08-31,seal,\n");
    struct po_plan_rowerr *errs = NULL;
    size_t nerrs = 0;
    int64_t n = -1;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_plandb_import(&n, &errs, &nerrs, fx->st, 2025, "李四", path, fx->a, &err),
                     PO_EINVAL);
    assert_non_null(strstr(err.msg, "4 rows of the plan file are bad"));
    assert_int_equal(nerrs, 4);
    static const struct {
        size_t row;
        int code;
        const char *msg;
    } want[] = {
        { 3, PO_EINVAL, "invalid date" },
        { 4, PO_EINVAL, "has no capacity" },
        { 5, PO_EINVAL, "already planned in row 2" },
        { 6, PO_ENOTFOUND, "no unit NOSUCH" },
    };
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(errs[i].rowno, want[i].row);
        assert_int_equal(errs[i].err.code, want[i].code);
        if (!strstr(errs[i].err.msg, want[i].msg))
            fail_msg("row %zu: %s", errs[i].rowno, errs[i].err.msg);
        assert_true(errs[i].err.msg_zh[0] != '\0');
        char ctx[32];
        snprintf(ctx, sizeof(ctx), "row %zu", want[i].row);
        assert_string_equal(errs[i].err.context, ctx);
    }
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM exit_plan"), 0);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM audit_log"), 0);
}

static void test_plandb__good_file_one_transaction(void **state)
{
    struct fixture *fx = *state;
    const char *path = write_file("good.csv", "uscc,equipment_id,planned_on,measure,capacity\n"
                                              "911503021110312058,K1,2025-05-31,dismantle,\n"
                                              "911503021110312058,B1,2025-06-30,seal,12.5\n");
    struct po_plan_rowerr *errs = NULL;
    size_t nerrs = 9;
    int64_t n = -1;
    struct po_err err = PO_ERR_INIT;
    if (po_plandb_import(&n, &errs, &nerrs, fx->st, 2025, "李四", path, fx->a, &err) < 0)
        fail_msg("%s: %s", err.context, err.msg);
    assert_int_equal(n, 2);
    assert_int_equal(nerrs, 0);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM exit_plan"), 2);
    assert_int_equal(
        storefix_int(fx->st, "SELECT capacity_micro FROM exit_plan WHERE equipment_id = 'B1'"),
        12500000);
    assert_int_equal(
        storefix_int(fx->st, "SELECT count(*) FROM audit_log WHERE action = 'plan.add'"), 2);
    /* read back as the what-if view reads them, resolved */
    struct po_plan_entry *rows = NULL;
    size_t nrows = 0;
    assert_int_equal(po_plandb_rows(&rows, &nrows, fx->st, 2025, "150302", fx->a, &err), 0);
    assert_int_equal(nrows, 2);
    assert_string_equal(rows[0].equipment_id, "B1");
    assert_string_equal(rows[1].equipment_id, "K1");
    assert_int_equal(rows[1].capacity_micro, 400000000000);
    assert_string_equal(rows[1].capacity_unit, "10k t/a");
    assert_int_equal(rows[1].planned_on.m, 5);
    assert_int_equal(po_plandb_rows(&rows, &nrows, fx->st, 2025, "150303", fx->a, &err), 0);
    assert_int_equal(nrows, 0);
}

/* The what-if view of rows not in the database: the coke line's energy by K1's share; B1 says why
 * not. */
static void test_plandb__whatif_line_share_writes_nothing(void **state)
{
    struct fixture *fx = *state;
    storefix_exec(fx->st,
                  "INSERT INTO energy(enterprise_id, year, month, energy_type, product,"
                  " quantity_micro, unit) VALUES (1, 2025, 0, 'raw_coal', 'coke', 1000000000, 't'),"
                  " (1, 2025, 0, 'raw_coal', '', 100000000, 't')");
    struct po_plan_entry rows[2] = {
        { 2025,
          "911503021110312058",
          "K1",
          400000000000,
          { 2025, 6, 30 },
          "dismantle",
          "x",
          "150302",
          "10k t/a",
          2 },
        { 2025,
          "911503021110312058",
          "B1",
          5000000,
          { 2025, 6, 30 },
          "seal",
          "x",
          "150302",
          "",
          3 },
    };
    struct po_whatif_report r;
    struct po_err err = PO_ERR_INIT;
    if (po_plandb_whatif(&r, fx->st, 2025, NULL, rows, 2, fx->a, &err) < 0)
        fail_msg("%s: %s", err.context, err.msg);
    assert_int_equal(r.nunits, 2);
    assert_string_equal(r.units[0].plan->equipment_id, "B1");
    assert_int_equal(r.units[0].share.method, PO_WI_NONE);
    assert_int_equal(r.units[0].share.reason, PO_WIR_NO_PRODUCT);
    assert_false(r.units[0].has_tce);
    assert_int_equal(r.units[1].share.method, PO_WI_LINE);
    assert_int_equal(r.units[1].share.num * 10, r.units[1].share.den * 4); /* 400 of 1000 */
    assert_true(r.units[1].has_tce && r.units[1].removed_tce_e4 > 0);
    assert_int_equal(r.nareas, 2); /* the district and the city above it */
    for (size_t i = 0; i < 2; i++) {
        const struct po_whatif_row *a = &r.areas[i];
        assert_string_equal(a->district_code, i ? "150302" : "150300");
        assert_int_equal(a->units_planned, 2);
        assert_int_equal(a->units_attributed, 1);
        /* 1100 t before; 400 t of the 1000 t coke line go: 700 t remain, 4/11 of the tce */
        assert_int_equal((a->before.tce_e4 - a->after.tce_e4) * 11, a->before.tce_e4 * 4);
        assert_int_equal(a->room.freed_e4, r.units[1].removed_tce_e4);
        assert_false(a->before.has_intensity); /* no value added recorded */
    }
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM exit_plan"), 0);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM dual_control_target"), 0);
    /* an unknown district is refused */
    assert_int_equal(po_plandb_whatif(&r, fx->st, 2025, "159999", rows, 2, fx->a, &err),
                     PO_ENOTFOUND);
}

/*
 * The supervision report's drafts (po_plandb_draft): an interview notice
 * below the interview threshold, a written notice below the notice
 * threshold, none on track — each citing 四(三) of the implementing opinion
 * and naming the row's figures.
 */
static void test_plandb__report_drafts(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    struct po_plan_entry e = {
        2025, "911503021110312058", "K1", -1, { 2025, 6, 30 }, "dismantle", "李四", NULL, NULL, 0
    };
    assert_int_equal(po_plandb_add(fx->st, &e, &err), 0);
    struct po_date as_of = { 2025, 7, 1 };
    static const struct {
        struct po_plan_thresholds th;
        const char *kind_zh, *ends_zh, *kind_en;
    } cases[] = {
        { { 80, 50 }, "约谈通知", "接受约谈，说明滞后原因并提交整改措施。", "Interview notice" },
        { { 80, 0 },
          "通报",
          "现予通报，请区政府加快推进，于 15 日内将整改措施报市工业和信息化局。",
          "Notice" },
        { { 0, 0 }, NULL, NULL, NULL },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct po_plan_progress *p = NULL;
        size_t n = 0;
        assert_int_equal(po_plandb_report(&p, &n, fx->st, 2025, as_of, &cases[i].th, fx->a, &err),
                         0);
        assert_int_equal(n, 1);
        struct po_plan_draft d;
        assert_int_equal(po_plandb_draft(&d, &p[0], 2025, as_of, fx->a, &err), 0);
        if (!cases[i].kind_zh) {
            assert_null(d.zh);
            assert_null(d.en);
            continue;
        }
        char due[32], want[1024];
        po_dec_format(due, sizeof(due), p[0].expected_micro);
        snprintf(want, sizeof(want),
                 "关于海勃湾区落后产能退出进度滞后的%s（草稿）\n"
                 "截至 2025-07-01，海勃湾区 2025 年计划退出产能 400000 10k t/a，"
                 "按全年进度应退出 %s，实际退出 0（0/1 台套），完成进度的 0.0%%。"
                 "依据《乌海市落实能耗双控措施依法依规推动落后产能退出的实施意见》四（三），",
                 cases[i].kind_zh, due);
        assert_memory_equal(d.zh, want, strlen(want));
        size_t nz = strlen(d.zh), ne = strlen(cases[i].ends_zh);
        assert_true(nz > ne);
        assert_string_equal(d.zh + nz - ne, cases[i].ends_zh);
        assert_int_equal(strncmp(d.en, cases[i].kind_en, strlen(cases[i].kind_en)), 0);
        assert_non_null(strstr(d.en, "As of 2025-07-01, 海勃湾区 planned to exit 400000 10k t/a"));
        assert_non_null(strstr(d.en, "part 四(三)"));
    }
}

int main(void)
{
    if (sodium_init() < 0 || testdb_tmpdir(g_dir, sizeof(g_dir)) < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plandb__bad_last_row_writes_nothing),
        cmocka_unit_test(test_plandb__good_file_one_transaction),
        cmocka_unit_test(test_plandb__whatif_line_share_writes_nothing),
        cmocka_unit_test(test_plandb__report_drafts),
    };
    static struct fixture fxs[2] = { { .backend = "sqlite" }, { .backend = "pg" } };
    int failed = storefix_run_both(tests, sizeof(tests) / sizeof(tests[0]), setup, teardown,
                                   &fxs[0], &fxs[1]);
    testdb_rmdir(g_dir);
    return testdb_exit_status(failed);
}

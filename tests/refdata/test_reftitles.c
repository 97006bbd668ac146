/*
 * test_reftitles.c: data/reference_titles.csv read (refdata/reftitles.h), the lookup by file or table
 * name, and sources put in words: every file name of the table replaced by its title, nothing
 * else touched.  The audit log's actions in words (report/audit_actions.h) too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "report/audit_actions.h"
#include "refdata/reftitles.h"
#include "util/arena.h"

static void test_reftitles__load_and_find(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_err err = PO_ERR_INIT;
    const struct po_reftitle *t;
    size_t n;
    assert_int_equal(po_reftitles_load(&t, &n, a, &err), 0);
    assert_true(n >= 20);
    const struct po_reftitle *q = po_reftitles_find(t, n, "energy_quota_standards");
    assert_non_null(q);
    assert_string_equal(q->file, "energy_quota_standards.csv");
    assert_string_equal(q->title_zh, "单位产品能源消耗限额标准");
    assert_non_null(strstr(q->basis, "GB 21256"));
    assert_ptr_equal(po_reftitles_find(t, n, "energy_quota_standards.csv"), q);
    assert_non_null(po_reftitles_find(t, n, "dual_control_rules.md"));
    assert_null(po_reftitles_find(t, n, "energy_quota")); /* a prefix is not a name */
    assert_null(po_reftitles_find(t, n, "no_such_table"));
    for (size_t i = 0; i < n; i++) {
        assert_true(t[i].title_zh[0] && t[i].title_en[0] && t[i].basis[0]);
        assert_true(!strcmp(t[i].confidence, "high") || !strcmp(t[i].confidence, "medium") ||
                    !strcmp(t[i].confidence, "low"));
    }
    po_arena_destroy(a);
}

static void test_reftitles__words(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_err err = PO_ERR_INIT;
    const struct po_reftitle *t;
    size_t n;
    assert_int_equal(po_reftitles_load(&t, &n, a, &err), 0);
    assert_string_equal(
        po_reftitles_words(
            a, t, n, "emission_factors.csv (IPCC) x energy_conversion_coefficients.csv", false),
        "《二氧化碳排放因子》 (IPCC) x 《各种能源折标准煤参考系数》");
    assert_string_equal(po_reftitles_words(a, t, n, "dual_control_rules.md §1", true),
                        "\"Notes on the energy dual-control rules\" §1");
    /* not a whole name: left as it is */
    assert_string_equal(
        po_reftitles_words(a, t, n, "my_rules.csv, rules.csvx, GB 21256-2013", false),
        "my_rules.csv, rules.csvx, GB 21256-2013");
    assert_string_equal(po_reftitles_words(a, t, n, "", false), "");
    assert_string_equal(po_reftitles_words(a, t, n, NULL, false), "");
    po_arena_destroy(a);
}

static void test_audit_actions__named(void **state)
{
    (void)state;
    assert_string_equal(po_audit_action_find("session.login")->zh, "登录");
    assert_string_equal(po_audit_action_find("case.open")->zh, "立案");
    assert_null(po_audit_action_find("session"));
    assert_null(po_audit_action_find(NULL));
    size_t n = 0;
    for (const struct po_audit_action *x = po_audit_actions; x->action; x++, n++) {
        assert_true(x->zh[0] && x->en[0] && strcmp(x->en, x->action) != 0);
        for (const struct po_audit_action *y = po_audit_actions; y < x; y++)
            assert_true(strcmp(x->action, y->action) != 0 && strcmp(x->zh, y->zh) != 0);
    }
    assert_true(n >= 16);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reftitles__load_and_find),
        cmocka_unit_test(test_reftitles__words),
        cmocka_unit_test(test_audit_actions__named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

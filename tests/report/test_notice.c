/*
 * test_notice.c: the district notices of the exit-plan supervision
 * (report/notice.h) give the periods the city sets, not periods of their
 * own: the shipped ones (data/city_params.csv) reproduce the wording of
 * before, other values change the sentence.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <string.h>

#include "refdata/cityparams.h"
#include "report/notice.h"
#include "util/arena.h"

static const struct po_notice_plan lagging = {
    .district_name = "海南区",
    .capacity_unit = "10^4t/a",
    .year = 2025,
    .as_of = { 2025, 7, 1 },
    .planned_micro = 400000000000,
    .expected_micro = 200000000000,
    .exited_micro = 0,
    .units_planned = 1,
    .units_exited = 0,
    .progress_pct = 0.0,
};

static void test_notice__shipped_periods(void **state)
{
    (void)state;
    struct po_city_params cp;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_cityparams_load(&cp, &err), 0);
    const struct po_notice_periods pd = { cp.plan_interview_within_workdays,
                                          cp.plan_notice_reply_days };
    struct po_arena *a = po_arena_new();
    const char *zh = NULL, *en = NULL;
    struct po_notice_plan n = lagging;
    n.interview = true;
    assert_int_equal(po_notice_plan_draft(&zh, &en, &n, &pd, a, &err), 0);
    assert_non_null(strstr(zh, "于收到通知后 5 个工作日内到市工业和信息化局接受约谈"));
    assert_non_null(strstr(en, "within 5 working days of this notice"));
    assert_non_null(strstr(zh, "约谈通知（草稿）\n截至 2025-07-01，海南区 2025 年计划退出产能"));
    n.interview = false;
    assert_int_equal(po_notice_plan_draft(&zh, &en, &n, &pd, a, &err), 0);
    assert_non_null(
        strstr(zh, "现予通报，请区政府加快推进，于 15 日内将整改措施报市工业和信息化局。"));
    assert_non_null(strstr(en, "technology within 15 days."));
    po_arena_destroy(a);
}

static void test_notice__other_periods_change_the_text(void **state)
{
    (void)state;
    const struct po_notice_periods pd = { 10, 30 };
    struct po_arena *a = po_arena_new();
    struct po_err err = PO_ERR_INIT;
    const char *zh = NULL, *en = NULL;
    struct po_notice_plan n = lagging;
    n.interview = true;
    assert_int_equal(po_notice_plan_draft(&zh, &en, &n, &pd, a, &err), 0);
    assert_non_null(strstr(zh, "于收到通知后 10 个工作日内"));
    assert_null(strstr(zh, " 5 个工作日"));
    assert_non_null(strstr(en, "within 10 working days"));
    n.interview = false;
    assert_int_equal(po_notice_plan_draft(&zh, &en, &n, &pd, a, &err), 0);
    assert_non_null(strstr(zh, "于 30 日内将整改措施"));
    assert_non_null(strstr(en, "within 30 days."));
    po_arena_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_notice__shipped_periods),
        cmocka_unit_test(test_notice__other_periods_change_the_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

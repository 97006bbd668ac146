/*
 * test_cityparams.c: the city's own numbers load from data/city_params.csv
 * with their shipped defaults, and a bad value is refused with a clear,
 * bilingual error (refdata/cityparams.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <string.h>

#include "refdata/cityparams.h"

static bool same(const struct po_city_params *a, const struct po_city_params *b)
{
    return a->intensity_exit_years == b->intensity_exit_years &&
           a->intensity_worst_pct == b->intensity_worst_pct &&
           a->quota_rectify_months == b->quota_rectify_months &&
           a->quota_extension_max_months == b->quota_extension_max_months &&
           a->quality_rectify_months == b->quality_rectify_months &&
           a->reminder_early_days == b->reminder_early_days &&
           a->reminder_late_days == b->reminder_late_days &&
           a->plan_interview_within_workdays == b->plan_interview_within_workdays &&
           a->plan_notice_reply_days == b->plan_notice_reply_days &&
           a->zombie_loss_window_years == b->zombie_loss_window_years &&
           a->attachment_max_mib == b->attachment_max_mib &&
           a->plan_notice_pct_micro == b->plan_notice_pct_micro &&
           a->plan_interview_pct_micro == b->plan_interview_pct_micro &&
           a->loss_making == b->loss_making;
}

static void test_cityparams__shipped_defaults(void **state)
{
    (void)state;
    struct po_city_params p;
    memset(&p, 0, sizeof p);
    struct po_err err = PO_ERR_INIT;
    if (po_cityparams_load(&p, &err) < 0)
        fail_msg("%s", err.msg);
    /* the former PO_CASEDB_INTENSITY_EXIT_YEARS and plan report defaults */
    assert_int_equal(p.intensity_exit_years, 3);
    assert_int_equal(p.plan_notice_pct_micro, 80000000);
    assert_int_equal(p.plan_interview_pct_micro, 50000000);
    /* loss-making firms: listed for review, a low-confidence city choice dated 2021-01-01 */
    assert_int_equal(p.loss_making, PO_LOSS_REVIEW);
    assert_string_equal(p.loss_making_from, "2021-01-01");
    assert_string_equal(p.loss_making_confidence, "low");
    const struct po_city_params d = PO_CITY_PARAMS_DEFAULT;
    assert_true(same(&p, &d));
    /* the opinion's numbers (三(二), 三(六)), dated with it, medium like the rules citing it */
    assert_int_equal(p.intensity_worst_pct, 20);
    assert_string_equal(p.worst_pct_from, "2021-06-09");
    assert_string_equal(p.worst_pct_confidence, "medium");
    assert_int_equal(p.quota_rectify_months, 6);
    assert_int_equal(p.quota_extension_max_months, 3);
    assert_int_equal(p.quality_rectify_months, 6);
    /* the project's choices where the opinion is silent */
    assert_int_equal(p.reminder_early_days, 30);
    assert_int_equal(p.reminder_late_days, 7);
    assert_int_equal(p.plan_interview_within_workdays, 5);
    assert_int_equal(p.plan_notice_reply_days, 15);
    assert_int_equal(p.zombie_loss_window_years, 3);
    assert_int_equal(p.attachment_max_mib, 20);
}

static const struct {
    const char *param, *value, *msg; /* msg: part of the English message */
} bad[] = {
    { "intensity_exit_years", "0", "outside 1-10" },
    { "intensity_exit_years", "11", "outside 1-10" },
    { "intensity_exit_years", "2.5", "not a whole number" },
    { "intensity_exit_years", "three", "not a whole number" },
    { "intensity_exit_years", "", "not a whole number" },
    { "plan_notice_below_pct", "100.5", "outside 0-100" },
    { "plan_interview_below_pct", "-1", "outside 0-100" },
    { "plan_notice_below_pct", "80%", "not a number" },
    { "intensity_exit_yrs", "3", "unknown city parameter" },
    { "loss_making_ranking", "worst", "must be review or ranked_worst" },
    { "loss_making_ranking", "", "must be review or ranked_worst" },
    { "intensity_worst_pct", "0", "outside 1-100" },
    { "intensity_worst_pct", "20.5", "not a whole number" },
    { "quota_extension_max_months", "13", "outside 1-12" },
    { "quota_rectify_months", "0", "outside 1-120" },
    { "reminder_early_days", "366", "outside 1-365" },
    { "zombie_loss_window_years", "11", "outside 1-10" },
    { "attachment_max_mib", "25", "outside 1-24" },
};

static void test_cityparams__bad_values_refused(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct po_city_params p = PO_CITY_PARAMS_DEFAULT;
        struct po_err err = PO_ERR_INIT;
        assert_int_equal(po_cityparams_set(&p, bad[i].param, bad[i].value, &err), PO_EINVAL);
        if (!strstr(err.msg, bad[i].msg))
            fail_msg("%s=%s: %s", bad[i].param, bad[i].value, err.msg);
        assert_true(err.msg_zh[0] != '\0');
        const struct po_city_params d = PO_CITY_PARAMS_DEFAULT;
        assert_true(same(&p, &d)); /* unchanged on error */
    }
}

static void test_cityparams__good_values_and_order(void **state)
{
    (void)state;
    struct po_city_params p = PO_CITY_PARAMS_DEFAULT;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_cityparams_set(&p, "intensity_exit_years", "2", &err), 0);
    assert_int_equal(p.intensity_exit_years, 2);
    assert_int_equal(po_cityparams_set(&p, "plan_notice_below_pct", "75.5", &err), 0);
    assert_int_equal(p.plan_notice_pct_micro, 75500000);
    assert_int_equal(po_cityparams_check(&p, &err), 0);
    assert_int_equal(po_cityparams_set(&p, "plan_interview_below_pct", "90", &err), 0);
    assert_int_equal(po_cityparams_check(&p, &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "must not exceed"));
    /* the second reminder comes after the first */
    p = (struct po_city_params)PO_CITY_PARAMS_DEFAULT;
    assert_int_equal(po_cityparams_set(&p, "intensity_worst_pct", "25", &err), 0);
    assert_int_equal(p.intensity_worst_pct, 25);
    assert_int_equal(po_cityparams_set(&p, "reminder_late_days", "31", &err), 0);
    assert_int_equal(po_cityparams_check(&p, &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "reminder_late_days must not exceed reminder_early_days"));
    assert_int_equal(po_cityparams_set(&p, "reminder_early_days", "45", &err), 0);
    assert_int_equal(po_cityparams_check(&p, &err), 0);
}

static void test_cityparams__loss_making_values(void **state)
{
    (void)state;
    struct po_city_params p = PO_CITY_PARAMS_DEFAULT;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_cityparams_set(&p, "loss_making_ranking", "ranked_worst", &err), 0);
    assert_int_equal(p.loss_making, PO_LOSS_RANKED_WORST);
    assert_int_equal(po_cityparams_set(&p, "loss_making_ranking", "review", &err), 0);
    assert_int_equal(p.loss_making, PO_LOSS_REVIEW);
}

static void test_cityparams__dated_rows(void **state)
{
    (void)state;
    struct po_city_params p = PO_CITY_PARAMS_DEFAULT;
    struct po_err err = PO_ERR_INIT;
    /* in force on a day after its effective_from */
    assert_int_equal(po_cityparams_load_on(&p, "2025-12-31", &err), 0);
    assert_int_equal(p.loss_making, PO_LOSS_REVIEW);
    assert_int_equal(p.intensity_exit_years, 3); /* undated rows: always in force */
    /* before its effective_from the parameter has no row in force: refused, named */
    assert_int_equal(po_cityparams_load_on(&p, "2020-12-31", &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "loss_making_ranking"));
    assert_non_null(strstr(err.msg, "not in force"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cityparams__shipped_defaults),
        cmocka_unit_test(test_cityparams__bad_values_refused),
        cmocka_unit_test(test_cityparams__good_values_and_order),
        cmocka_unit_test(test_cityparams__loss_making_values),
        cmocka_unit_test(test_cityparams__dated_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

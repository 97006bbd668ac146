/* test_credit.c: credit records' checks, public periods and the repair flow (core/credit.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/credit.h"

static const struct po_credit_field F[] = {
    { "name", "行政相对人名称", PO_CF_TEXT, true, 4, NULL },
    { "uscc", "统一社会信用代码", PO_CF_USCC, true, 18, NULL },
    { "decided_on", "处罚决定日期", PO_CF_DATE, true, 0, NULL },
    { "category", "处罚类别", PO_CF_ENUM, true, 0, "警告|罚款|责令停产停业" },
    { "fine", "罚款金额（万元）", PO_CF_DECIMAL, false, 0, NULL },
};
#define NF (sizeof(F) / sizeof(F[0]))

static void test_credit__complete_record_passes(void **state)
{
    (void)state;
    /* 91110000600037341L: a code whose check character is right (phaseout uscc says OK) */
    const char *v[NF] = { "乌海化工", "91110000600037341L", "2026-03-31", "责令停产停业", "0.5" };
    struct po_credit_problem p[8];
    assert_int_equal(po_credit_check(F, NF, v, p, 8), 0);
}

static void test_credit__each_problem_named(void **state)
{
    (void)state;
    const char *v[NF] = { "乌海市化工厂", "91110000600037341X", "2026-02-30", "罚金", "-1" };
    struct po_credit_problem p[8];
    size_t n = po_credit_check(F, NF, v, p, 8);
    assert_int_equal(n, 5);
    assert_int_equal(p[0].field, 0); /* 6 characters > 4: counted as characters, not bytes */
    assert_string_equal(p[0].why_zh, "超过标准规定的长度");
    assert_int_equal(p[1].field, 1); /* wrong check character */
    assert_non_null(strstr(p[1].why_zh, "统一社会信用代码"));
    assert_int_equal(p[2].field, 2); /* no 30 February */
    assert_int_equal(p[3].field, 3);
    assert_int_equal(p[4].field, 4);

    /* a required field unrecorded; an optional one unrecorded is fine */
    const char *w[NF] = { "化工厂", "91110000600037341L", "", "警告", NULL };
    n = po_credit_check(F, NF, w, p, 1);
    assert_int_equal(n, 1);
    assert_int_equal(p[0].field, 2);
    assert_string_equal(p[0].why_en, "required, not recorded");

    /* invalid UTF-8 and the max count of problems written */
    const char *x[NF] = { "\xff\xfe", NULL, NULL, NULL, NULL };
    n = po_credit_check(F, NF, x, p, 2);
    assert_int_equal(n, 4); /* more problems than written */
    assert_string_equal(p[0].why_en, "not valid UTF-8");
}

static void test_credit__format_parse(void **state)
{
    (void)state;
    enum po_credit_format f;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_credit_format_parse(&f, "uscc", &err), 0);
    assert_int_equal(f, PO_CF_USCC);
    assert_int_equal(po_credit_format_parse(&f, "decimal", &err), 0);
    assert_int_equal(f, PO_CF_DECIMAL);
    assert_true(po_credit_format_parse(&f, "money", &err) < 0);
    assert_non_null(strstr(err.msg, "money"));
}

static void test_credit__period_and_month_ends(void **state)
{
    (void)state;
    struct po_credit_period p = po_credit_period_of((struct po_date){ 2026, 3, 31 }, 3, 36);
    /* 31 March + 3 months: no 31 June, so the last day of June */
    assert_int_equal(p.repair_from.y, 2026);
    assert_int_equal(p.repair_from.m, 6);
    assert_int_equal(p.repair_from.d, 30);
    assert_int_equal(p.public_until.y, 2029);
    assert_int_equal(p.public_until.m, 3);
    assert_int_equal(p.public_until.d, 31);

    p = po_credit_period_of((struct po_date){ 2024, 2, 29 }, 12, 36);
    assert_int_equal(p.repair_from.m, 2);
    assert_int_equal(p.repair_from.d, 28);
}

static void test_credit__repair_flow(void **state)
{
    (void)state;
    struct po_err err = PO_ERR_INIT;
    struct po_credit_period p = po_credit_period_of((struct po_date){ 2026, 1, 15 }, 3, 36);
    enum po_credit_event k[4];
    struct po_date d[4];

    /* too early: the shortest period runs to 2026-04-15 */
    assert_true(po_credit_event_check(p, k, d, 0, PO_CRE_APPLY, (struct po_date){ 2026, 4, 14 },
                                      &err) < 0);
    assert_non_null(strstr(err.msg_zh, "2026-04-15"));
    assert_int_equal(po_credit_event_check(p, k, d, 0, PO_CRE_APPLY,
                                           (struct po_date){ 2026, 4, 15 }, &err), 0);
    /* nothing to approve yet */
    assert_true(po_credit_event_check(p, k, d, 0, PO_CRE_APPROVE, (struct po_date){ 2026, 5, 1 },
                                      &err) < 0);

    k[0] = PO_CRE_APPLY;
    d[0] = (struct po_date){ 2026, 4, 20 };
    assert_int_equal(po_credit_status_at(p, k, d, 1, (struct po_date){ 2026, 4, 19 }, NULL),
                     PO_CRS_PUBLIC); /* the request is later than as_of */
    assert_int_equal(po_credit_status_at(p, k, d, 1, (struct po_date){ 2026, 4, 20 }, NULL),
                     PO_CRS_REPAIR_REQUESTED);
    /* a second request while one waits; a step dated before the previous one */
    assert_true(po_credit_event_check(p, k, d, 1, PO_CRE_APPLY, (struct po_date){ 2026, 5, 1 },
                                      &err) < 0);
    assert_true(po_credit_event_check(p, k, d, 1, PO_CRE_REFUSE, (struct po_date){ 2026, 4, 19 },
                                      &err) < 0);

    /* refused, then applied again and approved */
    k[1] = PO_CRE_REFUSE;
    d[1] = (struct po_date){ 2026, 5, 1 };
    assert_int_equal(po_credit_status_at(p, k, d, 2, (struct po_date){ 2026, 6, 1 }, NULL),
                     PO_CRS_PUBLIC);
    k[2] = PO_CRE_APPLY;
    d[2] = (struct po_date){ 2026, 6, 1 };
    k[3] = PO_CRE_APPROVE;
    d[3] = (struct po_date){ 2026, 6, 10 };
    struct po_date w = { 0, 0, 0 };
    assert_int_equal(po_credit_status_at(p, k, d, 4, (struct po_date){ 2027, 1, 1 }, &w),
                     PO_CRS_WITHDRAWN);
    assert_int_equal(w.d, 10);
    assert_true(po_credit_event_check(p, k, d, 4, PO_CRE_APPLY, (struct po_date){ 2027, 1, 1 },
                                      &err) < 0);
    assert_string_equal(err.msg, "the record was already withdrawn");

    /* the longest period over: off the list by itself, last day still public */
    assert_int_equal(po_credit_status_at(p, k, d, 0, (struct po_date){ 2029, 1, 15 }, NULL),
                     PO_CRS_PUBLIC);
    assert_int_equal(po_credit_status_at(p, k, d, 0, (struct po_date){ 2029, 1, 16 }, NULL),
                     PO_CRS_EXPIRED);
    assert_true(po_credit_event_check(p, k, d, 0, PO_CRE_APPLY, (struct po_date){ 2029, 2, 1 },
                                      &err) < 0);
}

static void test_credit__names(void **state)
{
    (void)state;
    enum po_credit_event e;
    assert_int_equal(po_credit_event_parse(&e, "repair_refuse"), 0);
    assert_int_equal(e, PO_CRE_REFUSE);
    assert_string_equal(po_credit_event_name(PO_CRE_APPROVE), "repair_approve");
    assert_true(po_credit_event_parse(&e, "approve") < 0);
    assert_string_equal(po_credit_status_name(PO_CRS_REPAIR_REQUESTED), "repair_requested");
    assert_string_equal(po_credit_status_zh(PO_CRS_WITHDRAWN), "已修复撤下");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_credit__complete_record_passes),
        cmocka_unit_test(test_credit__each_problem_named),
        cmocka_unit_test(test_credit__format_parse),
        cmocka_unit_test(test_credit__period_and_month_ends),
        cmocka_unit_test(test_credit__repair_flow),
        cmocka_unit_test(test_credit__names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

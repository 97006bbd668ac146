/*
 * test_surchargedata.c: data/surcharge_rules.csv loads into the rules of core/surcharge.h with
 * its figures exact, and a bad row is refused naming the file, the row and the column in both
 * languages (refdata/surchargedata.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "refdata/surchargedata.h"
#include "util/arena.h"

#define HEADER                                                                                     \
    "rule_id,version,utility,kind,jurisdiction,sectors,lower,lower_inclusive,upper,upper_"        \
    "inclusive,bound_unit,rate,rate_unit,step,effective_from,effective_to,document,article,rate_"  \
    "note,policy_row,source,confidence\n"

static void test_surchargedata__shipped_file(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_surchargedata sd;
    struct po_err err = PO_ERR_INIT;
    if (po_surchargedata_load(&sd, a, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(sd.n, 18);
    assert_int_equal(strlen(sd.hash), 64);
    const struct po_sc_rule *r = po_surchargedata_find(&sd, "DIFF-RESTRICTED", 1);
    assert_non_null(r);
    assert_int_equal(r->utility, PO_SC_ELECTRICITY);
    assert_int_equal(r->kind, PO_SC_RESTRICTED);
    assert_true(r->has_rate);
    assert_int_equal(r->rate_micro, 100000); /* 0.10 yuan/kWh */
    assert_false(r->has_lower);
    assert_int_equal(r->from.y, 2010);
    assert_int_equal(r->to.y, 0);
    assert_non_null(strstr(r->sectors, "carbide_furnace"));
    assert_string_equal(r->document, "发改价格〔2010〕978号");
    /* a band: above 13700 (exclusive), not above 13800 (inclusive), ended 2021-12-31 */
    r = po_surchargedata_find(&sd, "AL-TIER-2013", 1);
    assert_non_null(r);
    assert_true(r->has_lower && !r->lower_incl && r->has_upper && r->upper_incl);
    assert_int_equal(r->lower_micro, 13700000000LL);
    assert_int_equal(r->upper_micro, 13800000000LL);
    assert_int_equal(r->to.y, 2021);
    assert_int_equal(r->to.m, 12);
    assert_int_equal(r->to.d, 31);
    /* the step rule, its third version low confidence */
    r = po_surchargedata_find(&sd, "AL-TIER-2021", 3);
    assert_non_null(r);
    assert_int_equal(r->step_micro, 20000000);
    assert_string_equal(r->confidence, "low");
    /* the punitive band whose rate the province sets: no rate */
    r = po_surchargedata_find(&sd, "PUNITIVE-QUOTA", 1);
    assert_non_null(r);
    assert_false(r->has_rate);
    r = po_surchargedata_find(&sd, "WATER-OVER-20", 1);
    assert_non_null(r);
    assert_int_equal(r->utility, PO_SC_WATER);
    assert_int_equal(r->rate_micro, 500000);
    assert_null(po_surchargedata_find(&sd, "AL-TIER-2021", 4));
    po_arena_destroy(a);
}

static const char good_row[] = "X,1,electricity,restricted,CN,carbide_furnace,,,,,,0.10,yuan/"
                               "kWh,,2020-01-01,,DOC,art,,2,src,high\n";

static void test_surchargedata__bad_rows_refused(void **state)
{
    (void)state;
    static const struct {
        const char *row, *col, *msg;
    } bad[] = {
        { "X,1,gas,restricted,CN,s,,,,,,0.10,yuan/kWh,,2020-01-01,,D,a,,2,s,high\n", "utility",
          "column utility" },
        { "X,1,electricity,cheap,CN,s,,,,,,0.10,yuan/kWh,,2020-01-01,,D,a,,2,s,high\n", "kind",
          "column kind" },
        { "X,1,electricity,water_band,CN,s,0,0,,,pct_over_quota,1,yuan/kWh,,2020-01-01,,D,a,,2,s,"
          "high\n",
          "kind", "a kind of the row's utility" },
        { "X,1,electricity,restricted,CN,s,,,,,,0,1,yuan/kWh,,2020-01-01,,D,a,,2,s,high\n",
          "rate", "column" },
        { "X,1,electricity,restricted,CN,s,,,,,,1e3,yuan/kWh,,2020-01-01,,D,a,,2,s,high\n",
          "rate", "column rate" },
        { "X,1,electricity,punitive_band,CN,s,0,2,,,pct_over_quota,0.1,yuan/kWh,,2020-01-01,,D,a,,"
          "2,s,high\n",
          "lower_inclusive", "column lower_inclusive" },
        { "X,1,electricity,restricted,CN,s,5,0,,,pct_over_quota,0.1,yuan/kWh,,2020-01-01,,D,a,,2,"
          "s,high\n",
          "lower", "column lower" },
        { "X,1,electricity,tiered_step,CN,s,100,0,50,1,kWh/t,0.1,yuan/kWh,,2020-01-01,,D,a,,2,s,"
          "high\n",
          "upper", "column upper" },
        { "X,1,electricity,restricted,CN,s,,,,,,0.10,yuan/kWh,,2020-02-30,,D,a,,2,s,high\n",
          "effective_from", "column effective_from" },
        { "X,1,electricity,restricted,CN,s,,,,,,0.10,yuan/kWh,,2020-02-01,2020-01-31,D,a,,2,s,"
          "high\n",
          "effective_to", "column effective_to" },
        { "X,1,electricity,restricted,CN,s,,,,,,0.10,yuan/kWh,,2020-02-01,,D,a,,2,s,sure\n",
          "confidence", "column confidence" },
        { "X,0,electricity,restricted,CN,s,,,,,,0.10,yuan/kWh,,2020-02-01,,D,a,,2,s,high\n",
          "version", "column version" },
        { "X,1,electricity,restricted,CN,s,,,,,,0.10,yuan/kWh,,2020-02-01,,,a,,2,s,high\n",
          "document", "column document" },
        { "X,1,electricity,restricted,CN,s,,,,,,0.10,yuan/kWh,,2020-01-01,,DOC,art,,2,src,high\n",
          "", "rule X version 1 is given twice" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct po_arena *a = po_arena_new();
        char csv[2048];
        int len = snprintf(csv, sizeof csv, "%s%s%s", HEADER, good_row, bad[i].row);
        struct po_surchargedata sd = { 0 };
        struct po_err err = PO_ERR_INIT;
        assert_int_equal(po_surchargedata_parse(&sd, "t.csv", csv, (size_t)len, a, &err),
                         PO_EINVAL);
        if (!strstr(err.msg, bad[i].msg) || !strstr(err.msg, "t.csv row 2"))
            fail_msg("case %zu: %s", i, err.msg);
        assert_non_null(strstr(err.msg_zh, "第 2 行"));
        assert_non_null(strstr(err.msg_zh, bad[i].col));
        assert_null(sd.rules); /* unchanged on failure */
        po_arena_destroy(a);
    }
}

static void test_surchargedata__header_and_empty(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_surchargedata sd;
    struct po_err err = PO_ERR_INIT;
    const char nocol[] = "rule_id,version\nX,1\n";
    assert_int_equal(po_surchargedata_parse(&sd, "t.csv", nocol, sizeof nocol - 1, a, &err),
                     PO_EINVAL);
    assert_non_null(strstr(err.msg, "lacks column utility"));
    assert_int_equal(po_surchargedata_parse(&sd, "t.csv", HEADER, sizeof HEADER - 1, a, &err),
                     PO_EINVAL);
    assert_non_null(strstr(err.msg, "has no rules"));
    /* the good row alone reads */
    char csv[2048];
    int len = snprintf(csv, sizeof csv, "%s%s", HEADER, good_row);
    assert_int_equal(po_surchargedata_parse(&sd, "t.csv", csv, (size_t)len, a, &err), 0);
    assert_int_equal(sd.n, 1);
    assert_int_equal(sd.rules[0].rate_micro, 100000);
    po_arena_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_surchargedata__shipped_file),
        cmocka_unit_test(test_surchargedata__bad_rows_refused),
        cmocka_unit_test(test_surchargedata__header_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

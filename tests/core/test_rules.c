/*
 * test_rules.c: rule rows parsed and refused row by row — every refusal
 * names the file, the row and the column, in both languages; exact
 * thresholds, versions in time, jurisdiction prefixes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/rules.h"
#include "util/arena.h"

#define M 1000000LL

static const struct po_tag tagv[] = {
    { "chamber_height_m", PO_TAG_NUMBER, "m", NULL },
    { "stamp_charged", PO_TAG_BOOL, "", NULL },
    { "kiln_type", PO_TAG_TEXT, "", NULL },
    { "has_downstream", PO_TAG_BOOL, "", NULL },
};
static const struct po_tagset tags = { tagv, sizeof tagv / sizeof tagv[0] };

/* A good row: the 4.3 m coke-oven rule with its stamp-charged exception. */
static const char *const good[21] = {
    "IP-COKE-43",
    "1",
    "industrial_policy",
    "equipment",
    "CN",
    "2020-01-01",
    "2024-01-31",
    "eliminated",
    "coke_oven",
    "chamber_height_m<4.3",
    "stamp_charged=1 & chamber_height_m>=3.8",
    "shutdown_dismantle_or_seal",
    "miit|energy|drc",
    "令第29号",
    "淘汰类 一（五）",
    "NDRC",
    "三（一）",
    "coke oven below 4.3 m",
    "6;7",
    "catalog_items.csv rows 6 and 7",
    "medium",
};

static int add(struct po_ruleset *rs, int col, const char *value, size_t rowno, struct po_err *err)
{
    char *f[21];
    for (int i = 0; i < 21; i++)
        f[i] = (char *)(i == col ? value : good[i]);
    return po_rules_add_row(rs, &tags, "rules.csv", rowno, f, 21, err);
}

static const struct {
    int col;
    const char *value;
    const char *colname; /* named in the error; NULL: accepted */
} cases[] = {
    { 2, "economy", "criterion" },
    { 2, "quality", NULL },
    { 11, "shutdown", "measure" },
    { 11, "rectify_6_months", NULL },
    { 12, "miit|police", "departments" },
    { 9, "chamber_heigth_m<4.3", "when" },
    { 9, "chamber_height_m<<4.3", "when" },
    { 9, "chamber_height_m~4.3", "when" },
    { 9, "chamber_height_m<4,3x", "when" },
    { 9, "chamber_height_m<", "when" },
    { 9, "", "when" },
    { 10, "stamp_charged=2", "unless" },
    { 10, "stamp_charged>0", "unless" },
    { 10, "kiln_type<shaft", "unless" },
    { 10, "", NULL },
    { 5, "2020-02-30", "effective_from" },
    { 5, "2020/01/01", "effective_from" },
    { 6, "2019-12-31", "effective_to" },
    { 6, "", NULL },
    { 13, "", "doc_no" },
    { 14, " ", "article" },
    { 15, "", "issuer" },
    { 19, "", "source" },
    { 20, "certain", "confidence" },
    { 4, "Inner Mongolia", "scope" },
    { 4, "1503", NULL },
    { 3, "plant", "subject" },
    { 8, "", "equipment_type" },
    { 7, "banned", "category" },
    { 1, "0", "version" },
    { 1, "v2", "version" },
};

static void test_rules__rows_refused_with_column(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct po_arena *a = po_arena_new();
        struct po_ruleset rs;
        struct po_err err = PO_ERR_INIT;
        po_ruleset_init(&rs, a);
        int rc = add(&rs, cases[i].col, cases[i].value, 7, &err);
        if (!cases[i].colname) {
            if (rc != 0)
                fail_msg("case %zu: %s", i, err.msg);
        } else {
            char want[64];
            snprintf(want, sizeof want, "column %s", cases[i].colname);
            if (rc != PO_EINVAL || !strstr(err.msg, "rules.csv row 7") || !strstr(err.msg, want) ||
                !strstr(err.msg_zh, "第 7 行") || !strstr(err.msg_zh, cases[i].colname))
                fail_msg("case %zu (%s): rc %d, %s / %s", i, cases[i].value, rc, err.msg,
                         err.msg_zh);
        }
        po_arena_destroy(a);
    }
}

static void test_rules__header_and_width(void **state)
{
    (void)state;
    struct po_err err = PO_ERR_INIT;
    char *h[21];
    const char *names[21] = { "rule_id",        "version",        "criterion",    "subject",
                              "scope",          "effective_from", "effective_to", "category",
                              "equipment_type", "when",           "unless",       "measure",
                              "departments",    "doc_no",         "article",      "issuer",
                              "measure_basis",  "title",          "catalog_rows", "source",
                              "confidence" };
    for (int i = 0; i < 21; i++)
        h[i] = (char *)names[i];
    assert_int_equal(po_rules_header("r.csv", h, 21, &err), 0);
    h[13] = (char *)"document";
    assert_int_equal(po_rules_header("r.csv", h, 21, &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "doc_no"));
    h[13] = (char *)"doc_no";
    assert_int_equal(po_rules_header("r.csv", h, 20, &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "confidence"));

    struct po_arena *a = po_arena_new();
    struct po_ruleset rs;
    po_ruleset_init(&rs, a);
    assert_int_equal(po_rules_add_row(&rs, &tags, "r.csv", 3, (char **)good, 20, &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "row 3"));
    po_arena_destroy(a);
}

static void test_rules__versions_in_time(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_ruleset rs;
    struct po_err err = PO_ERR_INIT;
    po_ruleset_init(&rs, a);
    assert_int_equal(add(&rs, -1, NULL, 1, &err), 0);
    /* version 2 from the day after version 1 ends: fine */
    char *f[21];
    for (int i = 0; i < 21; i++)
        f[i] = (char *)good[i];
    f[1] = (char *)"2";
    f[5] = (char *)"2024-02-01";
    f[6] = (char *)"";
    assert_int_equal(po_rules_add_row(&rs, &tags, "r.csv", 2, f, 21, &err), 0);
    assert_int_equal(po_rules_check(&rs, "r.csv", &err), 0);
    /* version 3 overlapping version 2 */
    f[1] = (char *)"3";
    f[5] = (char *)"2025-01-01";
    assert_int_equal(po_rules_add_row(&rs, &tags, "r.csv", 3, f, 21, &err), 0);
    assert_int_equal(po_rules_check(&rs, "r.csv", &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "overlaps"));
    /* the same overlap in another jurisdiction is a separate rule line */
    rs.n = 2;
    f[4] = (char *)"15";
    assert_int_equal(po_rules_add_row(&rs, &tags, "r.csv", 3, f, 21, &err), 0);
    assert_int_equal(po_rules_check(&rs, "r.csv", &err), 0);
    /* a repeated version */
    f[1] = (char *)"1";
    assert_int_equal(po_rules_add_row(&rs, &tags, "r.csv", 4, f, 21, &err), 0);
    assert_int_equal(po_rules_check(&rs, "r.csv", &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "appears twice"));
    po_arena_destroy(a);
}

static void test_rules__in_force_and_scope(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_ruleset rs;
    struct po_err err = PO_ERR_INIT;
    po_ruleset_init(&rs, a);
    assert_int_equal(add(&rs, 4, "15", 1, &err), 0);
    const struct po_rule *r = &rs.rules[0];
    static const struct {
        struct po_date on;
        const char *district;
        bool want;
    } t[] = {
        { { 2019, 12, 31 }, "150302", false }, { { 2020, 1, 1 }, "150302", true },
        { { 2024, 1, 31 }, "150302", true },   { { 2024, 2, 1 }, "150302", false },
        { { 2022, 6, 1 }, "140107", false },   { { 2022, 6, 1 }, "15", true },
        { { 2022, 6, 1 }, NULL, false },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (po_rule_in_force(r, t[i].on, t[i].district) != t[i].want)
            fail_msg("case %zu", i);
    po_arena_destroy(a);
}

static void test_rules__thresholds_exact(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_ruleset rs;
    struct po_err err = PO_ERR_INIT;
    po_ruleset_init(&rs, a);
    assert_int_equal(add(&rs, 9, "chamber_height_m<4.3 & kiln_type=shaft|wet", 1, &err), 0);
    const struct po_rule *r = &rs.rules[0];
    assert_int_equal(r->nwhen, 2);
    assert_int_equal(r->when[0].num_micro, 4300000);
    assert_true(po_rule_cond_holds(&r->when[0], 4299999, NULL));
    assert_false(po_rule_cond_holds(&r->when[0], 4300000, NULL));
    assert_false(po_rule_cond_holds(&r->when[0], 4300001, NULL));
    assert_true(po_rule_cond_holds(&r->when[1], 0, "wet"));
    assert_true(po_rule_cond_holds(&r->when[1], 0, "shaft"));
    assert_false(po_rule_cond_holds(&r->when[1], 0, "sha"));
    assert_false(po_rule_cond_holds(&r->when[1], 0, NULL));
    assert_int_equal(r->nunless, 2);
    assert_int_equal(r->unless[0].num_micro, M);
    assert_int_equal(r->unless[1].op, PO_OP_GE);
    char d[64];
    po_rules_departments(d, sizeof d, r->departments);
    assert_string_equal(d, "miit|drc|energy");
    assert_false(r->low_confidence);
    po_arena_destroy(a);
}

static void test_rules__measures_by_severity(void **state)
{
    (void)state;
    assert_int_equal(po_measure_parse("shutdown_dismantle_or_seal"), 0);
    assert_true(po_measure_parse("closure_with_approval") < po_measure_parse("suspend"));
    assert_true(po_measure_parse("limit_or_suspend") < po_measure_parse("rectify_6_months"));
    assert_int_equal(po_measure_parse("differential_price_no_expansion"), PO_MEAS_COUNT - 1);
    for (int m = 0; m < PO_MEAS_COUNT; m++)
        assert_int_equal(po_measure_parse(po_measure_name((enum po_measure)m)), m);
    for (int c = 0; c < PO_CRIT_COUNT; c++)
        assert_int_equal(po_criterion_parse(po_criterion_name((enum po_criterion)c)), c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules__rows_refused_with_column),
        cmocka_unit_test(test_rules__header_and_width),
        cmocka_unit_test(test_rules__versions_in_time),
        cmocka_unit_test(test_rules__in_force_and_scope),
        cmocka_unit_test(test_rules__thresholds_exact),
        cmocka_unit_test(test_rules__measures_by_severity),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

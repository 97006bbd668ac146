/*
 * test_barometer.c: the 629号 levels at their boundaries, the total rating
 * around the cap and its warning share, and the area sums over a district
 * tree.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/barometer.h"
#include "util/arena.h"

#define M 1000000LL
#define E15 1000000000000000LL

/* An area-year with intensity tce/va exactly (tce and va whole numbers). */
static struct po_area_year ay(int64_t tce, int64_t va)
{
    struct po_area_year y;
    memset(&y, 0, sizeof(y));
    y.accounted = true;
    y.enterprises = y.with_energy = 1;
    y.total_e15 = y.intensity_e15 = (po_acct_i128)tce * E15;
    y.va_micro = (po_acct_i128)va * M;
    return y;
}

static struct po_target target(int64_t pct_micro, int64_t cap_tce)
{
    struct po_target t;
    memset(&t, 0, sizeof(t));
    t.district_code = "150300";
    t.year = 2025;
    t.base_year = 2023;
    t.intensity_pct = (struct po_opt){ pct_micro >= 0, pct_micro };
    t.energy_cap_tce = (struct po_opt){ cap_tce > 0, cap_tce * M };
    return t;
}

/*
 * Base intensity 1.0 (1 000 000 tce / 1 000 000 10k yuan), target 6%:
 * the year's intensity decides the level.
 */
static void test_barometer__intensity_levels_at_boundaries(void **state)
{
    (void)state;
    static const struct {
        int64_t prev_tce, cur_tce; /* va 1 000 000 both years */
        enum po_level level;
        enum po_baro_reason reason;
    } c[] = {
        { 950000, 950000, PO_LEVEL_RED, PO_BR_ROSE },          /* equal y/y: did not fall */
        { 950000, 950001, PO_LEVEL_RED, PO_BR_ROSE },          /* rose by one tce */
        { 950000, 949999, PO_LEVEL_YELLOW, PO_BR_BEHIND },     /* fell; 5.0001% < 6% */
        { 950000, 940001, PO_LEVEL_YELLOW, PO_BR_BEHIND },     /* 5.9999%: one tce short */
        { 950000, 940000, PO_LEVEL_GREEN, PO_BR_ON_SCHEDULE }, /* exactly 6% */
        { 950000, 939999, PO_LEVEL_GREEN, PO_BR_ON_SCHEDULE },
    };
    struct po_district d = { "150300", "乌海市", "city", NULL };
    for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        struct po_target t = target(6 * M, 0);
        struct po_baro_area a;
        memset(&a, 0, sizeof(a));
        a.district = &d;
        a.target = &t;
        a.base = ay(1000000, 1000000);
        a.prev = ay(c[i].prev_tce, 1000000);
        a.cur = ay(c[i].cur_tce, 1000000);
        po_barometer_rate(&a, 2025, NULL);
        if (a.intensity.level != c[i].level || a.intensity.reason != c[i].reason)
            fail_msg("case %zu: level %d reason %d", i, a.intensity.level, a.intensity.reason);
    }
}

static void test_barometer__no_level_without_target_or_data(void **state)
{
    (void)state;
    struct po_district d = { "150300", "乌海市", "city", NULL };
    struct po_baro_area a;
    memset(&a, 0, sizeof(a));
    a.district = &d;
    a.cur = a.prev = a.base = ay(10, 10);
    po_barometer_rate(&a, 2025, NULL);
    assert_int_equal(a.intensity.level, PO_LEVEL_NONE);
    assert_int_equal(a.intensity.reason, PO_BR_NO_TARGET);
    struct po_target t = target(6 * M, 0);
    a.target = &t;
    a.prev = ay(10, 0); /* no positive value added last year */
    po_barometer_rate(&a, 2025, NULL);
    assert_int_equal(a.intensity.level, PO_LEVEL_NONE);
    assert_int_equal(a.intensity.reason, PO_BR_NO_DATA);
    t.base_year = 2025;
    po_barometer_rate(&a, 2025, NULL);
    assert_int_equal(a.intensity.reason, PO_BR_BASE_YEAR);
    assert_int_equal(a.total.reason, PO_BR_NO_TARGET);
}

/* An area with target t and one enterprise of `total` tce, rated under pol. */
static struct po_baro_area rated_total(const struct po_district *d, const struct po_target *t,
                                       int64_t total, const struct po_acct_policy *pol)
{
    struct po_baro_area a;
    memset(&a, 0, sizeof(a));
    a.district = d;
    a.target = t;
    a.cur = ay(total, 1);
    po_barometer_rate(&a, 2025, pol);
    return a;
}

/* Cap 1 000 000 tce, warning at 95%: over → red, at or above 950 000 → yellow. */
static void test_barometer__total_levels_at_boundaries(void **state)
{
    (void)state;
    static const struct {
        int64_t total;
        enum po_level level;
        int64_t share_e4;
    } c[] = {
        { 1000001, PO_LEVEL_RED, 1000001 },    /* 100.0001% */
        { 1000000, PO_LEVEL_YELLOW, 1000000 }, /* exactly the cap: not over */
        { 950000, PO_LEVEL_YELLOW, 950000 },   /* exactly 95% */
        { 949999, PO_LEVEL_GREEN, 949999 },
    };
    struct po_acct_policy pol;
    memset(&pol, 0, sizeof(pol));
    pol.total_warning_pct_micro = 95 * M;
    struct po_district d = { "150300", "乌海市", "city", NULL };
    for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        struct po_target t = target(-1, 1000000);
        struct po_baro_area a = rated_total(&d, &t, c[i].total, &pol);
        assert_int_equal(a.total.level, c[i].level);
        assert_int_equal(a.total.share_pct_e4, c[i].share_e4);
    }
    /* without a warning share, at the cap is green */
    struct po_target t = target(-1, 1000000);
    struct po_baro_area a = rated_total(&d, &t, 1000000, NULL);
    assert_int_equal(a.total.level, PO_LEVEL_GREEN);
}

/* The card's level: the worse of the two ratings, and which it rests on. */
static void test_barometer__warning_is_the_worse_level(void **state)
{
    (void)state;
    static const struct {
        enum po_level in, tot, want;
        enum po_baro_basis basis;
    } c[] = {
        { PO_LEVEL_GREEN, PO_LEVEL_RED, PO_LEVEL_RED, PO_BB_TOTAL }, /* 海南区 2025: 602.38 > 600 */
        { PO_LEVEL_RED, PO_LEVEL_GREEN, PO_LEVEL_RED, PO_BB_INTENSITY },
        { PO_LEVEL_YELLOW, PO_LEVEL_GREEN, PO_LEVEL_YELLOW, PO_BB_INTENSITY },
        { PO_LEVEL_GREEN, PO_LEVEL_YELLOW, PO_LEVEL_YELLOW, PO_BB_TOTAL },
        { PO_LEVEL_GREEN, PO_LEVEL_GREEN, PO_LEVEL_GREEN, PO_BB_BOTH },
        { PO_LEVEL_RED, PO_LEVEL_RED, PO_LEVEL_RED, PO_BB_BOTH },
        { PO_LEVEL_NONE, PO_LEVEL_YELLOW, PO_LEVEL_YELLOW, PO_BB_TOTAL }, /* not rated: no say */
        { PO_LEVEL_GREEN, PO_LEVEL_NONE, PO_LEVEL_GREEN, PO_BB_INTENSITY },
        { PO_LEVEL_NONE, PO_LEVEL_NONE, PO_LEVEL_NONE, PO_BB_NONE },
    };
    for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        enum po_baro_basis b = PO_BB_NONE;
        assert_int_equal(po_barometer_worse(&b, c[i].in, c[i].tot), c[i].want);
        assert_int_equal(b, c[i].basis);
    }
    assert_string_equal(po_baro_basis_name(PO_BB_BOTH), "intensity+total");
    assert_string_equal(po_baro_basis_zh(PO_BB_TOTAL), "能耗总量");
    /* po_barometer_rate fills it: green intensity (no target), over the cap → red card */
    struct po_acct_policy pol;
    memset(&pol, 0, sizeof(pol));
    pol.total_warning_pct_micro = 95 * M;
    struct po_district d = { "150303", "海南区", "district", NULL };
    struct po_target t = target(-1, 1000000);
    struct po_baro_area a = rated_total(&d, &t, 1000001, &pol);
    assert_int_equal(a.total.level, PO_LEVEL_RED);
    assert_int_equal(a.warning, PO_LEVEL_RED);
    assert_int_equal(a.basis, a.intensity.level == PO_LEVEL_RED ? PO_BB_BOTH : PO_BB_TOTAL);
}

/* Sums over the tree: a district's enterprises count in their city too. */
static void test_barometer__areas_over_the_district_tree(void **state)
{
    (void)state;
    struct po_arena *ar = po_arena_new();
    struct po_district d[] = {
        { "150000", "内蒙古", "province", NULL },
        { "150300", "乌海市", "city", "150000" },
        { "150302", "海勃湾区", "district", "150300" },
        { "150303", "海南区", "district", "150300" },
        { "150302P01", "园区", "park", "150302" },
    };
    /* three enterprises, each with accounts for 2025 and 2024 */
    struct po_acct_result r[3][2];
    memset(r, 0, sizeof(r));
    static const int64_t tce[3][2] = { { 100, 120 }, { 50, 50 }, { 30, 20 } };
    static const int64_t va[3] = { 100, 50, 30 };
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < 2; k++) {
            r[i][k].total_e15 = r[i][k].intensity_e15 = (po_acct_i128)tce[i][k] * E15;
            r[i][k].value_added_micro = va[i] * M;
        }
    r[2][0].va = PO_VA_MISSING; /* outside the 2025 intensity, inside the total */
    const struct po_acct_result *p[3][2] = { { &r[0][0], &r[0][1] },
                                             { &r[1][0], &r[1][1] },
                                             { &r[2][0], &r[2][1] } };
    struct po_baro_ent ents[] = {
        { "150302", "2521", p[0] },
        { "150303", "2521", p[1] },
        { "150300", "3011", p[2] },
    };
    int years[] = { 2025, 2024 };
    struct po_target t = target(1 * M, 0);
    t.base_year = 2024;
    struct po_baro_input in = { 2025, years, 2, ents, 3, d, 5, &t, 1, NULL };
    struct po_baro_report rep;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_barometer_run(&rep, &in, ar, &err), 0);
    assert_int_equal(rep.nareas, 3); /* city and two districts; no province, no park */
    assert_string_equal(rep.areas[0].district->code, "150300");
    assert_int_equal(rep.areas[0].cur.enterprises, 3);
    assert_true(rep.areas[0].cur.total_e15 == (po_acct_i128)180 * E15);
    assert_int_equal(rep.areas[0].cur.va_missing, 1);
    /* city 2025: (100 + 50) / 150 = 1.0; 2024: 200 / 180 = 1.111… → fell 10%: green vs 1% */
    assert_int_equal(rep.areas[0].intensity.cur_e9, 1000000000);
    assert_int_equal(rep.areas[0].intensity.level, PO_LEVEL_GREEN);
    assert_string_equal(rep.areas[1].district->code, "150302");
    assert_true(rep.areas[1].cur.total_e15 == (po_acct_i128)100 * E15);
    assert_int_equal(rep.areas[1].intensity.reason, PO_BR_NO_TARGET);
    /* industries: 2521 (two enterprises), 3011 */
    assert_int_equal(rep.nindustries, 2);
    assert_string_equal(rep.industries[0].industry, "2521");
    assert_true(rep.industries[0].cur.total_e15 == (po_acct_i128)150 * E15);
    in.years = &years[1];
    assert_int_equal(po_barometer_run(&rep, &in, ar, &err), PO_EINVAL);
    po_arena_destroy(ar);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_barometer__intensity_levels_at_boundaries),
        cmocka_unit_test(test_barometer__no_level_without_target_or_data),
        cmocka_unit_test(test_barometer__total_levels_at_boundaries),
        cmocka_unit_test(test_barometer__areas_over_the_district_tree),
        cmocka_unit_test(test_barometer__warning_is_the_worse_level),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

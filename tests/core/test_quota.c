/*
 * test_quota.c: unit-product consumption against quota standards and NDRC
 * levels — exact boundaries, version by date, attribution.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/quota.h"
#include "util/arena.h"

#define M 1000000LL

struct fx {
    struct po_arena *a;
    struct po_coef_table coef;
    struct po_quota_tables q;
    struct po_acct_policy pol;
};

static int setup(void **state)
{
    static struct fx f;
    struct po_err err = PO_ERR_INIT;
    f.a = po_arena_new();
    po_coef_table_init(&f.coef, f.a);
    if (po_coef_set_dimension(&f.coef, "standard_coal", "kgce", 1000000, "def", "high", &err) < 0 ||
        po_coef_set_dimension(&f.coef, "electricity", "kWh", 122900, "GB/T 2589", "medium", &err) <
            0 ||
        po_coef_set_dimension(&f.coef, "washed_coal", "kg", 900000, "GB/T 2589", "medium", &err) <
            0)
        return -1;
    po_quota_tables_init(&f.q, f.a);
    /* an old version and the current one of a carbide-like standard */
    if (po_quota_add_std(&f.q, "GB 99999-2015", "2016-01-01", "carbide", "all", "energy", "1000",
                         "900", "850", "kgce/t", "s", "low", &err) < 0 ||
        po_quota_add_std(&f.q, "GB 99999-2023", "2024-12-01", "carbide", "all", "energy", "940",
                         "823", "805", "kgce/t", "s", "medium", &err) < 0 ||
        po_quota_add_std(&f.q, "GB 99999-2023", "2024-12-01", "carbide", "all", "electricity",
                         "3200", "3080", "3000", "kWh/t", "s", "medium", &err) < 0 ||
        po_quota_add_std(&f.q, "GB 99999-2008", "(superseded)", "carbide", "all", "energy", "1",
                         "1", "1", "kgce/t", "s", "medium", &err) < 0 ||
        po_quota_add_std(&f.q, "GB 88888-2020", "2020-01-01", "pvc", "", "energy", "270", "", "185",
                         "kgce/t", "s", "medium", &err) < 0)
        return -1;
    if (po_quota_add_bench(&f.q, "2021 (1609号)", "carbide", "unit product energy", "805", "940",
                           "kgce/t", "s", "medium", &err) < 0 ||
        po_quota_add_bench(&f.q, "2023 (723号)", "carbide", "unit product energy", "", "", "kgce/t",
                           "s", "low", &err) < 0)
        return -1;
    struct po_product_quota m[] = {
        { "calcium_carbide", "电石", "GB 99999", "carbide", "all", "energy", PO_QUOTA_COMPREHENSIVE,
          false, "carbide", "unit product energy", "", "", "medium" },
        { "calcium_carbide", "电石", "GB 99999", "carbide", "all", "electricity",
          PO_QUOTA_ELECTRICITY, false, "", "", "", "", "medium" },
        { "pvc", "聚氯乙烯", "GB 88888", "pvc", "", "energy", PO_QUOTA_COMPREHENSIVE, true, "", "",
          "", "", "medium" },
    };
    for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
        if (po_quota_add_map(&f.q, &m[i], &err) < 0)
            return -1;
    struct po_policy_table t;
    po_policy_table_init(&t, f.a);
    if (po_policy_resolve(&f.pol, &t, 2025, PO_ELEC_POLICY, &err) < 0)
        return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    po_arena_destroy(f->a);
    return 0;
}

static struct po_quota_report quota(struct fx *f, int year, const struct po_acct_record *r,
                                    size_t n, const struct po_acct_output *out, size_t nout)
{
    struct po_err err = PO_ERR_INIT;
    f->pol.year = year;
    struct po_acct_input in = { year, r, n, out, nout, true, 1 * M };
    struct po_acct_ctx ctx = { &f->coef, &f->pol, NULL };
    struct po_acct_result res;
    struct po_quota_report q;
    if (po_account_enterprise(&res, &in, &ctx, f->a, &err) < 0 ||
        po_quota_enterprise(&q, &in, &res, &f->q, f->a, &err) < 0)
        fail_msg("%s", err.msg);
    return q;
}

/* At the limit meets it; one millionth of a tce either side decides. 1000 t of carbide. */
static void test_quota__boundaries_are_exact(void **state)
{
    struct fx *f = *state;
    static const struct {
        int64_t kgce_micro; /* the carbide's energy, kgce × 10^6 (= kgce/t × 1000 t) */
        enum po_quota_verdict v;
        int cmp_limit;
    } c[] = {
        { 940000 * M, PO_QV_MEETS_LIMIT, 0 },    /* exactly 940 kgce/t */
        { 940000 * M + 1, PO_QV_OVER_LIMIT, 1 }, /* 940.000000001 */
        { 940000 * M - 1, PO_QV_MEETS_LIMIT, -1 },
        { 823000 * M, PO_QV_MEETS_NEW, -1 }, /* exactly the new-plant value */
        { 823000 * M + 1, PO_QV_MEETS_LIMIT, -1 },
        { 805000 * M, PO_QV_ADVANCED, -1 }, /* exactly the advanced value */
        { 805000 * M + 1, PO_QV_MEETS_NEW, -1 },
    };
    struct po_acct_output out = { "calcium_carbide", 1000 * M };
    for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        struct po_acct_record r = {
            1, "standard_coal", "kgce", c[i].kgce_micro, PO_PURPOSE_FUEL, "", false
        };
        struct po_quota_report q = quota(f, 2025, &r, 1, &out, 1);
        assert_int_equal(q.nres, 2);
        if (q.res[0].verdict != c[i].v || q.res[0].cmp_limit_existing != c[i].cmp_limit)
            fail_msg("case %zu: verdict %d cmp %d", i, q.res[0].verdict,
                     q.res[0].cmp_limit_existing);
    }
}

/* kWh/t: electricity only, exact at 3200 kWh/t; 10^4 kWh units. */
static void test_quota__electricity_indicator(void **state)
{
    struct fx *f = *state;
    struct po_acct_output out = { "calcium_carbide", 1000 * M };
    struct po_acct_record r[] = {
        { 1, "electricity", "10^4kWh", 320 * M, PO_PURPOSE_FUEL, "", false }, /* 3.2e6 kWh */
        { 1, "standard_coal", "kgce", 100000 * M, PO_PURPOSE_FUEL, "", false },
    };
    struct po_quota_report q = quota(f, 2025, r, 2, &out, 1);
    assert_int_equal(q.res[1].map->scope, PO_QUOTA_ELECTRICITY);
    assert_int_equal(q.res[1].nrecords, 1);
    assert_int_equal(q.res[1].value_e2, 320000); /* 3200.00 kWh/t */
    assert_int_equal(q.res[1].verdict, PO_QV_MEETS_LIMIT);
    assert_int_equal(q.res[1].cmp_limit_existing, 0);
    r[0].quantity_micro += 1; /* 0.01 kWh more */
    q = quota(f, 2025, r, 2, &out, 1);
    assert_int_equal(q.res[1].verdict, PO_QV_OVER_LIMIT);
    /* comprehensive: 3.2e6 kWh × 0.1229 kgce + 100 000 kgce = 493 280 kgce → 493.28 kgce/t */
    assert_int_equal(q.res[0].value_e2, 49328);
    assert_int_equal(q.res[0].verdict, PO_QV_ADVANCED);
}

/* The version in force on 31 December: 2015 edition for 2023, 2023 edition from 2024. */
static void test_quota__version_by_date(void **state)
{
    struct fx *f = *state;
    struct po_acct_output out = { "calcium_carbide", 1000 * M };
    struct po_acct_record r = {
        0, "standard_coal", "kgce", 950000 * M, PO_PURPOSE_FUEL, "", false
    };
    struct po_quota_report q = quota(f, 2023, &r, 1, &out, 1);
    assert_string_equal(q.res[0].std->standard, "GB 99999-2015");
    assert_int_equal(q.res[0].verdict, PO_QV_MEETS_LIMIT); /* 950 <= 1000 */
    assert_null(q.res[1].std);                             /* no electricity indicator in 2015 */
    assert_int_equal(q.res[1].verdict, PO_QV_NO_STANDARD);
    q = quota(f, 2024, &r, 1, &out, 1);
    assert_string_equal(q.res[0].std->standard, "GB 99999-2023");
    assert_true(q.res[0].std_new_in_year);
    assert_int_equal(q.res[0].verdict, PO_QV_OVER_LIMIT); /* 950 > 940 */
    q = quota(f, 2025, &r, 1, &out, 1);
    assert_false(q.res[0].std_new_in_year);
    /* NDRC: the 2021 edition (the 2023 one has no figures); 950 > baseline 940 */
    assert_non_null(q.res[0].bench);
    assert_int_equal(q.res[0].bench->edition_year, 2021);
    assert_int_equal(q.res[0].bench_verdict, PO_BV_BELOW_BASELINE);
    r.quantity_micro = 805000 * M;
    q = quota(f, 2025, &r, 1, &out, 1);
    assert_int_equal(q.res[0].bench_verdict, PO_BV_BENCHMARK);
    r.quantity_micro = 900000 * M;
    q = quota(f, 2025, &r, 1, &out, 1);
    assert_int_equal(q.res[0].bench_verdict, PO_BV_BETWEEN);
    q = quota(f, 2020, &r, 1, &out, 1);
    assert_null(q.res[0].bench); /* before the 2021 edition */
}

/*
 * A single-product enterprise needs no tags; a multi-product one is
 * attributed by tag, its untagged records counted apart.  Feedstock counts
 * only where the standard counts it.
 */
static void test_quota__attribution(void **state)
{
    struct fx *f = *state;
    struct po_acct_output two[] = { { "calcium_carbide", 1000 * M }, { "pvc", 2000 * M } };
    struct po_acct_record r[] = {
        { 1, "standard_coal", "kgce", 900000 * M, PO_PURPOSE_FUEL, "calcium_carbide", false },
        { 1, "standard_coal", "kgce", 300000 * M, PO_PURPOSE_FUEL, "pvc", false },
        { 1, "washed_coal", "t", 100 * M, PO_PURPOSE_FEEDSTOCK, "pvc", false },
        { 1, "washed_coal", "t", 100 * M, PO_PURPOSE_FEEDSTOCK, "calcium_carbide", false },
        { 1, "standard_coal", "kgce", 77 * M, PO_PURPOSE_FUEL, "", false }, /* site-wide */
    };
    struct po_quota_report q = quota(f, 2025, r, 5, two, 2);
    assert_int_equal(q.untagged_unattributed, 1);
    assert_int_equal(q.nres, 3);
    /* carbide: 900 000 kgce / 1000 t; its feedstock is outside the indicator */
    assert_int_equal(q.res[0].nrecords, 1);
    assert_int_equal(q.res[0].value_e2, 90000);
    /* pvc counts feedstock: (300 000 + 100 t × 900 kgce/t) / 2000 t = 195 kgce/t */
    assert_string_equal(q.res[2].map->product, "pvc");
    assert_int_equal(q.res[2].nrecords, 2);
    assert_int_equal(q.res[2].value_e2, 19500);
    assert_int_equal(q.res[2].verdict, PO_QV_MEETS_LIMIT);
    /* single product: the untagged record is the product's */
    struct po_acct_record s = {
        1, "standard_coal", "kgce", 900000 * M, PO_PURPOSE_FUEL, "", false
    };
    q = quota(f, 2025, &s, 1, two, 1);
    assert_int_equal(q.untagged_unattributed, 0);
    assert_int_equal(q.res[0].nrecords, 1);
    /* no output: no result; output without energy: no energy */
    struct po_acct_output zero = { "calcium_carbide", 0 };
    q = quota(f, 2025, &s, 1, &zero, 1);
    assert_int_equal(q.nres, 0);
    struct po_acct_record other = {
        1, "standard_coal", "kgce", 1 * M, PO_PURPOSE_FUEL, "pvc", false
    };
    q = quota(f, 2025, &other, 1, two, 1);
    assert_int_equal(q.res[0].verdict, PO_QV_NO_ENERGY);
    assert_int_equal(q.tagged_no_output, 1);
}

static void test_quota__cmp_unset_limit(void **state)
{
    (void)state;
    struct po_opt unset = { false, 0 }, l = { true, 940 * M };
    assert_int_equal(po_quota_cmp(1, 1, unset), 2);
    assert_int_equal(po_quota_cmp(940, 1, l), 0);
    assert_int_equal(po_quota_cmp(941, 1, l), 1);
    assert_int_equal(po_quota_cmp(-12, 1, (struct po_opt){ true, -30 * M }), 1); /* BOF: negative */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quota__boundaries_are_exact),
        cmocka_unit_test(test_quota__electricity_indicator),
        cmocka_unit_test(test_quota__version_by_date),
        cmocka_unit_test(test_quota__attribution),
        cmocka_unit_test(test_quota__cmp_unset_limit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

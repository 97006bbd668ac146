/*
 * test_account.c: the enterprise account and the dated policy, from hand
 * tables and hand-computed figures (no reference files: tests/io covers the
 * project's data).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/account.h"
#include "core/units.h"
#include "util/arena.h"

#define M 1000000LL /* × 10^6 */

/* GB/T 2589-2020 values, kgce per base unit × 10^6 (the test's own copy). */
static const struct {
    const char *type, *base;
    int64_t kgce_micro;
} gbt2589[] = {
    { "raw_coal", "kg", 714300 },     { "washed_coal", "kg", 900000 },
    { "coke", "kg", 971400 },         { "diesel", "kg", 1457100 },
    { "natural_gas", "m3", 1214300 }, { "coke_oven_gas", "m3", 592900 },
    { "electricity", "kWh", 122900 }, { "renewable_electricity", "kWh", 122900 },
    { "heat", "MJ", 34120 },          { "steam", "kg", 128600 },
    { "lpg", "kg", 1714300 },         { "standard_coal", "kgce", 1000000 },
};

struct fx {
    struct po_arena *a;
    struct po_coef_table coef;
    struct po_policy_table pol;
    struct po_co2_table co2;
};

static void add_rule(struct fx *f, const char *name, const char *from, const char *to,
                     const char *value, const char *confidence)
{
    struct po_err err = PO_ERR_INIT;
    if (po_policy_add(&f->pol, name, from, to, value, "doc", "说明", "desc", "src", confidence,
                      &err) < 0)
        fail_msg("rule %s: %s", name, err.msg);
}

static int setup(void **state)
{
    static struct fx f;
    struct po_err err = PO_ERR_INIT;
    f.a = po_arena_new();
    po_coef_table_init(&f.coef, f.a);
    for (size_t i = 0; i < sizeof(gbt2589) / sizeof(gbt2589[0]); i++)
        if (po_coef_set_dimension(&f.coef, gbt2589[i].type, gbt2589[i].base, gbt2589[i].kgce_micro,
                                  "GB/T 2589-2020", "medium", &err) < 0)
            return -1;
    po_policy_table_init(&f.pol, f.a);
    add_rule(&f, "electricity_convention", "1990-01-01", "", "equivalent_value", "medium");
    add_rule(&f, "feedstock_excluded", "2021-01-01", "", "total|intensity", "high");
    add_rule(&f, "renewable_excluded", "2021-01-01", "2023-12-31", "total", "medium");
    add_rule(&f, "renewable_excluded", "2024-01-01", "", "total|intensity", "medium");
    add_rule(&f, "barometer_total_warning_pct", "1990-01-01", "", "95", "low");
    if (po_policy_add_equal_value(&f.pol, 2022, "300.7", "coal rate", "recalled", "low", &err) < 0)
        return -1;
    po_co2_table_init(&f.co2, 2022, f.a);
    /* raw coal: 20908 kJ/kg × 94600 kg/TJ; electricity 0.5366 kg/kWh; renewable zero */
    struct po_co2_factor coal = { "raw_coal",
                                  PO_DIM_MASS,
                                  PO_CO2_FUEL,
                                  po_co2_fuel_kg_e10(209080, 94600),
                                  "ipcc_coal_bituminous",
                                  209080,
                                  94600,
                                  0,
                                  "combustion",
                                  "IPCC",
                                  "medium" };
    struct po_co2_factor grid = { "electricity",
                                  PO_DIM_ELECTRICITY,
                                  PO_CO2_GRID,
                                  5366000000LL,
                                  "elec_cn_avg_2022",
                                  0,
                                  0,
                                  2022,
                                  "grid",
                                  "MEE",
                                  "medium" };
    struct po_co2_factor green = { "renewable_electricity",
                                   PO_DIM_ELECTRICITY,
                                   PO_CO2_ZERO,
                                   0,
                                   "",
                                   0,
                                   0,
                                   0,
                                   "green",
                                   "map",
                                   "medium" };
    if (po_co2_add(&f.co2, &coal, &err) < 0 || po_co2_add(&f.co2, &grid, &err) < 0 ||
        po_co2_add(&f.co2, &green, &err) < 0)
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

static struct po_acct_record rec(int month, const char *type, const char *unit, int64_t q,
                                 enum po_purpose p)
{
    struct po_acct_record r = { month, type, unit, q, p, "", false };
    return r;
}

/* Account recs for year under the table's policy (or a chosen convention). */
static struct po_acct_result run(struct fx *f, int year, const struct po_acct_record *r, size_t n,
                                 bool has_va, int64_t va, enum po_elec_choice ec)
{
    struct po_err err = PO_ERR_INIT;
    struct po_acct_policy p;
    if (po_policy_resolve(&p, &f->pol, year, ec, &err) < 0)
        fail_msg("resolve %d: %s", year, err.msg);
    /* the policy must outlive the result's rule pointers: keep it in the arena */
    struct po_acct_policy *pp = po_arena_alloc(f->a, sizeof(*pp));
    *pp = p;
    struct po_acct_input in = { year, r, n, NULL, 0, has_va, va };
    struct po_acct_ctx ctx = { &f->coef, pp, &f->co2 };
    struct po_acct_result res;
    if (po_account_enterprise(&res, &in, &ctx, f->a, &err) < 0)
        fail_msg("account: %s", err.msg);
    return res;
}

static void assert_tce(po_acct_i128 e15, const char *want)
{
    char buf[48];
    po_acct_fmt(buf, sizeof(buf), po_acct_round_tce_e4(e15), 4);
    assert_string_equal(buf, want);
}

/* Each energy type: quantity × GB/T 2589 coefficient, by hand. */
static void test_account__converts_each_energy_type(void **state)
{
    struct fx *f = *state;
    static const struct {
        const char *type, *unit;
        int64_t q;
        const char *tce; /* hand-computed */
    } c[] = {
        { "raw_coal", "t", 1000 * M, "714.3000" },          /* 1000 t × 0.7143 */
        { "washed_coal", "t", 1000 * M, "900.0000" },       /* 1000 t × 0.9000 */
        { "coke", "t", 250500000, "243.3357" },             /* 250.5 t × 0.9714 = 243.33570 */
        { "diesel", "t", 12340000, "17.9806" },             /* 12.34 × 1.4571 = 17.980614 */
        { "natural_gas", "10^4m3", 1500000, "18.2145" },    /* 15000 m3 × 1.2143 kgce */
        { "coke_oven_gas", "10^4m3", 100 * M, "592.9000" }, /* 10^6 m3 × 0.5929 kgce */
        { "electricity", "10^4kWh", 1 * M, "1.2290" },      /* 10^4 kWh × 0.1229 kgce */
        { "heat", "GJ", 1000 * M, "34.1200" },              /* 10^6 MJ × 0.03412 kgce */
        { "steam", "t", 100 * M, "12.8600" },               /* 10^5 kg × 0.1286 kgce */
        { "lpg", "t", 2 * M, "3.4286" },                    /* 2 t × 1.7143 */
        { "standard_coal", "tce", 5 * M, "5.0000" },
    };
    for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        struct po_acct_record r = rec(1, c[i].type, c[i].unit, c[i].q, PO_PURPOSE_FUEL);
        struct po_acct_result res = run(f, 2020, &r, 1, true, 100 * M, PO_ELEC_POLICY);
        char buf[48];
        po_acct_fmt(buf, sizeof(buf), po_acct_round_tce_e4(res.total_e15), 4);
        if (strcmp(buf, c[i].tce) != 0)
            fail_msg("%s %s: %s tce, want %s", c[i].type, c[i].unit, buf, c[i].tce);
    }
}

/* 1 万kWh = 10 MWh = 10 000 kWh = 0.01 GWh: the same 1.229 tce each, exactly. */
static void test_account__units_of_one_dimension_agree(void **state)
{
    struct fx *f = *state;
    struct po_acct_record r[] = {
        rec(1, "electricity", "10^4kWh", 1 * M, PO_PURPOSE_FUEL),
        rec(2, "electricity", "MWh", 10 * M, PO_PURPOSE_FUEL),
        rec(3, "electricity", "kWh", 10000 * M, PO_PURPOSE_FUEL),
        rec(4, "electricity", "GWh", 10000, PO_PURPOSE_FUEL),
    };
    struct po_acct_result res = run(f, 2020, r, 4, true, 1 * M, PO_ELEC_POLICY);
    for (int i = 0; i < 4; i++)
        assert_true(res.lines[i].tce_e15 == (po_acct_i128)1229000000000000LL);
    assert_tce(res.total_e15, "4.9160");
    assert_true(res.monthly);
    assert_int_equal(res.by_month[3].records, 1);
    /* 4.916 tce / 1 (10k yuan) */
    assert_int_equal(res.intensity_e6, 4916000);
}

/* The equal value replaces the equivalent for electricity only, and only when chosen. */
static void test_account__equal_value_switch(void **state)
{
    struct fx *f = *state;
    struct po_acct_record r[] = {
        rec(1, "electricity", "10^4kWh", 1 * M, PO_PURPOSE_FUEL),
        rec(1, "renewable_electricity", "10^4kWh", 1 * M, PO_PURPOSE_FUEL),
    };
    struct po_acct_result eqv = run(f, 2022, r, 1, true, 1 * M, PO_ELEC_POLICY);
    assert_tce(eqv.total_e15, "1.2290");
    struct po_acct_result eq = run(f, 2022, r, 2, true, 1 * M, PO_ELEC_EQUAL);
    /* 10^4 kWh × 300.7 gce/kWh = 3.007 tce; the green power stays at 1.229 */
    assert_tce(eq.lines[0].tce_e15, "3.0070");
    assert_true(eq.lines[0].equal_value);
    assert_tce(eq.lines[1].tce_e15, "1.2290");
    assert_true(eq.notes & PO_NOTE_EQUAL_VALUE);
    assert_true(eq.notes & PO_NOTE_LOW_CONFIDENCE); /* the 2022 equal value is recalled */
    /* no coefficient for 2019: an error, not a silent fallback */
    struct po_acct_policy p;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_policy_resolve(&p, &f->pol, 2019, PO_ELEC_EQUAL, &err), PO_ENOTFOUND);
    assert_non_null(strstr(err.msg, "2019"));
    assert_non_null(strstr(err.msg_zh, "2019"));
}

/* 803号 from 2021-01-01: feedstock counts in 2020, is excluded (and shown) from 2021. */
static void test_account__feedstock_exclusion_by_date(void **state)
{
    struct fx *f = *state;
    struct po_acct_record r[] = {
        rec(0, "washed_coal", "t", 1000 * M, PO_PURPOSE_FEEDSTOCK),
        rec(0, "raw_coal", "t", 1000 * M, PO_PURPOSE_FUEL),
    };
    struct po_acct_result before = run(f, 2020, r, 2, true, 100 * M, PO_ELEC_POLICY);
    assert_tce(before.total_e15, "1614.3000");
    assert_int_equal(before.nexcluded, 0);
    assert_false(before.notes & PO_NOTE_EXCLUDED);
    struct po_acct_result after = run(f, 2021, r, 2, true, 100 * M, PO_ELEC_POLICY);
    assert_tce(after.gross_e15, "1614.3000");
    assert_tce(after.total_e15, "714.3000");
    assert_tce(after.excl_total_e15, "900.0000");
    assert_tce(after.intensity_e15, "714.3000");
    assert_int_equal(after.lines[0].excluded, PO_EXCL_TOTAL | PO_EXCL_INTENSITY);
    assert_string_equal(after.lines[0].excl_rule->name, "feedstock_excluded");
    assert_true(after.notes & PO_NOTE_EXCLUDED);
    assert_tce(after.by_purpose[PO_PURPOSE_FEEDSTOCK].gross_e15, "900.0000");
    assert_tce(after.by_purpose[PO_PURPOSE_FEEDSTOCK].total_e15, "0.0000");
    /* 714.3 tce / 100 (10k yuan) = 7.143 */
    assert_int_equal(after.intensity_e6, 7143000);
    /* feedstock is not combustion: no CO2 for it */
    assert_int_equal(after.lines[0].co2_status, PO_CO2_NOT_COMBUSTION);
}

/* A rule starting mid-year governs that year (in force on 31 December); one that ended does not. */
static void test_account__policy_reference_date(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_policy_table t;
    struct po_acct_policy p;
    struct po_err err = PO_ERR_INIT;
    po_policy_table_init(&t, a);
    assert_int_equal(po_policy_add(&t, "feedstock_excluded", "2022-10-27", "2023-12-30", "total",
                                   "", "", "", "", "high", &err),
                     0);
    static const struct {
        int year;
        unsigned feedstock;
    } c[] = { { 2021, 0 }, { 2022, PO_EXCL_TOTAL }, { 2023, 0 } };
    for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        assert_int_equal(po_policy_resolve(&p, &t, c[i].year, PO_ELEC_POLICY, &err), 0);
        assert_int_equal(p.feedstock, c[i].feedstock);
    }
    po_arena_destroy(a);
}

/* 1258号 (2021-2023): green power off the total only; 113号 (2024-): off total and intensity. */
static void test_account__renewable_exclusion(void **state)
{
    struct fx *f = *state;
    struct po_acct_record r[] = {
        rec(0, "renewable_electricity", "10^4kWh", 100 * M, PO_PURPOSE_FUEL),
        rec(0, "electricity", "10^4kWh", 100 * M, PO_PURPOSE_FUEL),
    };
    struct po_acct_result y20 = run(f, 2020, r, 2, true, 10 * M, PO_ELEC_POLICY);
    assert_tce(y20.total_e15, "245.8000");
    struct po_acct_result y22 = run(f, 2022, r, 2, true, 10 * M, PO_ELEC_POLICY);
    assert_tce(y22.total_e15, "122.9000");
    assert_tce(y22.intensity_e15, "245.8000");
    assert_int_equal(y22.lines[0].excluded, PO_EXCL_TOTAL);
    assert_int_equal(y22.intensity_e6, 24580000); /* 245.8 / 10 */
    struct po_acct_result y24 = run(f, 2024, r, 2, true, 10 * M, PO_ELEC_POLICY);
    assert_tce(y24.total_e15, "122.9000");
    assert_tce(y24.intensity_e15, "122.9000");
    assert_int_equal(y24.intensity_e6, 12290000);
    /* green power: zero CO2, counted */
    assert_int_equal(y24.lines[0].co2_status, PO_CO2_COUNTED);
    assert_true(y24.lines[0].co2_e16 == 0);
}

/* Missing is not zero: no energy data, missing / zero / negative value added. */
static void test_account__value_added_and_missing_data(void **state)
{
    struct fx *f = *state;
    struct po_acct_record r = rec(0, "raw_coal", "t", 1000 * M, PO_PURPOSE_FUEL);
    static const struct {
        bool has_energy, has_va;
        int64_t va;
        enum po_va_status st;
        unsigned note;
        bool defined;
    } c[] = {
        { true, true, 100 * M, PO_VA_OK, 0, true },
        { true, false, 0, PO_VA_MISSING, PO_NOTE_VA_MISSING, false },
        { true, true, 0, PO_VA_ZERO, PO_NOTE_VA_ZERO, false },
        { true, true, -5 * M, PO_VA_NEGATIVE, PO_NOTE_VA_NEGATIVE, false },
        { false, true, 100 * M, PO_VA_OK, PO_NOTE_NO_ENERGY, false },
    };
    for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        struct po_acct_result res =
            run(f, 2022, &r, c[i].has_energy ? 1 : 0, c[i].has_va, c[i].va, PO_ELEC_POLICY);
        assert_int_equal(res.va, c[i].st);
        assert_int_equal(res.intensity_defined, c[i].defined);
        assert_int_equal(res.carbon_intensity_defined, c[i].defined);
        if (c[i].note)
            assert_true(res.notes & c[i].note);
    }
}

/* An unknown (type, unit) is reported, not dropped; double counts are set aside, listed. */
static void test_account__unknown_factor_and_double_counts(void **state)
{
    struct fx *f = *state;
    struct po_acct_record r[] = {
        rec(1, "electricity", "kWh", 1000 * M, PO_PURPOSE_FUEL),
        rec(1, "electricity", "kWh", 999 * M, PO_PURPOSE_FUEL), /* metered, same month */
        rec(0, "diesel", "t", 1 * M, PO_PURPOSE_FUEL),
        rec(5, "diesel", "t", 1 * M, PO_PURPOSE_FUEL),   /* a month beside the year */
        rec(2, "kerosene", "t", 1 * M, PO_PURPOSE_FUEL), /* no factor in the table */
    };
    r[1].metered = true;
    struct po_acct_result res = run(f, 2022, r, 5, true, 1 * M, PO_ELEC_POLICY);
    assert_int_equal(res.lines[1].status, PO_REC_SUPERSEDED_METERED);
    assert_int_equal(res.lines[3].status, PO_REC_SUPERSEDED_MONTHLY);
    assert_int_equal(res.lines[4].status, PO_REC_UNKNOWN_FACTOR);
    assert_int_equal(res.nunknown, 1);
    assert_int_equal(res.nsuperseded, 2);
    assert_true(res.notes & PO_NOTE_UNKNOWN_FACTOR);
    assert_true(res.notes & PO_NOTE_SUPERSEDED);
    /* 1000 kWh × 0.1229 kgce + 1 t × 1.4571 t = 1.5800 tce */
    assert_tce(res.total_e15, "1.5800");
    /* diesel has no CO2 factor here: incomplete, carbon intensity not defined */
    assert_int_equal(res.nco2_missing, 1);
    assert_true(res.notes & PO_NOTE_CO2_INCOMPLETE);
    assert_false(res.carbon_intensity_defined);
    /* metered alone counts */
    struct po_acct_result m = run(f, 2022, &r[1], 1, true, 1 * M, PO_ELEC_POLICY);
    assert_int_equal(m.lines[0].status, PO_REC_COUNTED);
}

/* CO2 by hand: 100 t raw coal = 10^5 kg × 20 908 kJ/kg × 94 600 kg/TJ = 197.78968 t. */
static void test_account__co2_by_hand(void **state)
{
    struct fx *f = *state;
    struct po_acct_record r[] = {
        rec(0, "raw_coal", "t", 100 * M, PO_PURPOSE_FUEL),
        rec(0, "electricity", "kWh", 1000 * M, PO_PURPOSE_FUEL), /* 1000 × 0.5366 = 536.6 kg */
    };
    struct po_acct_result res = run(f, 2022, r, 2, true, 2 * M, PO_ELEC_POLICY);
    assert_int_equal(po_acct_round_co2_t_e3(res.lines[0].co2_e16), 197790);
    assert_int_equal(po_acct_round_co2_t_e3(res.lines[1].co2_e16), 537);
    assert_int_equal(po_acct_round_co2_t_e3(res.co2_e16), 198326); /* 198.32628 */
    /* 198.32628 t / 2 (10k yuan) = 99.16314 */
    assert_true(res.carbon_intensity_defined);
    assert_int_equal(res.carbon_intensity_e6, 99163140);
}

/* Rounding: half up (away from zero), once. */
static void test_account__rounding(void **state)
{
    (void)state;
    static const struct {
        int64_t e15;
        int64_t e4;
    } c[] = {
        { 50000000000LL, 1 }, /* 0.00005 tce → 0.0001 */
        { 49999999999LL, 0 }, /* just below half */
        { -50000000000LL, -1 },
        { 1229000000000000LL, 12290 },
    };
    for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
        assert_int_equal(po_acct_round_tce_e4(c[i].e15), c[i].e4);
    char buf[48];
    assert_string_equal(po_acct_fmt(buf, sizeof(buf), 5, 4), "0.0005");
    assert_string_equal(po_acct_fmt(buf, sizeof(buf), -12345, 2), "-123.45");
    assert_string_equal(po_acct_fmt(buf, sizeof(buf), 7, 0), "7");
    /* intensity: 0.1229 tce / 3 (10k yuan) = 0.04096666… → 0.040967 */
    assert_true(po_acct_div_round((po_acct_i128)122900000000000LL, (po_acct_i128)3000000000) ==
                40967);
}

/* Policy rows are checked: names, dates, values, overlaps. */
static void test_account__policy_rows_are_checked(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_policy_table t;
    struct po_err err = PO_ERR_INIT;
    po_policy_table_init(&t, a);
    static const struct {
        const char *name, *from, *to, *value, *msg;
    } bad[] = {
        { "feedstock_exempt", "2021-01-01", "", "total", "unknown accounting rule" },
        { "feedstock_excluded", "2021-02-30", "", "total", "is not a date" },
        { "feedstock_excluded", "2021-01-01", "2020-12-31", "total", "is before" },
        { "feedstock_excluded", "2021-01-01", "", "everything", "invalid value" },
        { "quota_electricity_convention", "2021-01-01", "", "equal_value", "invalid value" },
        { "barometer_total_warning_pct", "2021-01-01", "", "120", "invalid value" },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        po_err_clear(&err);
        assert_int_equal(po_policy_add(&t, bad[i].name, bad[i].from, bad[i].to, bad[i].value, "",
                                       "", "", "", "", &err),
                         PO_EINVAL);
        if (!strstr(err.msg, bad[i].msg))
            fail_msg("row %zu: \"%s\" lacks \"%s\"", i, err.msg, bad[i].msg);
        assert_true(err.msg_zh[0] != '\0');
    }
    assert_int_equal(po_policy_add(&t, "feedstock_excluded", "2021-01-01", "", "total", "", "", "",
                                   "", "", &err),
                     0);
    assert_int_equal(po_policy_add(&t, "feedstock_excluded", "2022-01-01", "", "total|intensity",
                                   "", "", "", "", "", &err),
                     0);
    struct po_acct_policy p;
    assert_int_equal(po_policy_resolve(&p, &t, 2021, PO_ELEC_POLICY, &err), 0);
    assert_int_equal(po_policy_resolve(&p, &t, 2022, PO_ELEC_POLICY, &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "two feedstock_excluded rules"));
    po_arena_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_account__converts_each_energy_type),
        cmocka_unit_test(test_account__units_of_one_dimension_agree),
        cmocka_unit_test(test_account__equal_value_switch),
        cmocka_unit_test(test_account__feedstock_exclusion_by_date),
        cmocka_unit_test(test_account__policy_reference_date),
        cmocka_unit_test(test_account__renewable_exclusion),
        cmocka_unit_test(test_account__value_added_and_missing_data),
        cmocka_unit_test(test_account__unknown_factor_and_double_counts),
        cmocka_unit_test(test_account__co2_by_hand),
        cmocka_unit_test(test_account__rounding),
        cmocka_unit_test(test_account__policy_rows_are_checked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/* test_surcharge.c: the month's surcharges, hand-computed cases (core/surcharge.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/decimal.h"
#include "core/surcharge.h"

static const char *const JUR[] = { "CN", "NMG" };

/* A small rule set, figures as in data/surcharge_rules.csv. */
static const struct po_sc_rule RULES[] = {
    { .rule_id = "DIFF-RESTRICTED", .version = 1, .utility = PO_SC_ELECTRICITY,
      .kind = PO_SC_RESTRICTED, .jurisdiction = "CN", .sectors = "carbide_furnace|cement_kiln",
      .has_rate = true, .rate_micro = 100000, .from = { 2010, 6, 1 }, .confidence = "medium" },
    { .rule_id = "NMG-DIFF-ELIMINATED", .version = 1, .utility = PO_SC_ELECTRICITY,
      .kind = PO_SC_ELIMINATED, .jurisdiction = "NMG", .sectors = "carbide_furnace",
      .has_rate = true, .rate_micro = 300000, .from = { 2021, 1, 1 }, .confidence = "medium" },
    { .rule_id = "PUNITIVE-QUOTA", .version = 1, .utility = PO_SC_ELECTRICITY,
      .kind = PO_SC_PUNITIVE, .jurisdiction = "CN", .sectors = "calcium_carbide",
      .has_lower = true, .lower_micro = 0, .has_upper = true, .upper_micro = 100000000,
      .has_rate = false, .from = { 2010, 6, 1 }, .confidence = "medium" },
    { .rule_id = "PUNITIVE-QUOTA-2X", .version = 1, .utility = PO_SC_ELECTRICITY,
      .kind = PO_SC_PUNITIVE, .jurisdiction = "CN", .sectors = "calcium_carbide",
      .has_lower = true, .lower_incl = true, .lower_micro = 100000000, .has_rate = true,
      .rate_micro = 300000, .from = { 2010, 6, 1 }, .confidence = "medium" },
    /* a tiered rule that ends mid-month (2025-06-10) */
    { .rule_id = "AL-TIER", .version = 1, .utility = PO_SC_ELECTRICITY, .kind = PO_SC_TIERED,
      .jurisdiction = "CN", .sectors = "aluminium_cell", .has_lower = true,
      .lower_micro = 13650000000LL, .has_rate = true, .rate_micro = 10000,
      .step_micro = 20000000, .from = { 2022, 1, 1 }, .to = { 2025, 6, 10 },
      .confidence = "low" },
    { .rule_id = "WATER-20", .version = 1, .utility = PO_SC_WATER, .kind = PO_SC_WATER_BAND,
      .jurisdiction = "CN", .sectors = "non_residential", .has_lower = true, .has_upper = true,
      .upper_micro = 20000000, .upper_incl = true, .has_rate = true, .rate_micro = 500000,
      .from = { 2017, 10, 1 }, .confidence = "low" },
    { .rule_id = "WATER-40", .version = 1, .utility = PO_SC_WATER, .kind = PO_SC_WATER_BAND,
      .jurisdiction = "CN", .sectors = "non_residential", .has_lower = true,
      .lower_micro = 20000000, .has_upper = true, .upper_micro = 40000000, .upper_incl = true,
      .has_rate = true, .rate_micro = 1000000, .from = { 2017, 10, 1 }, .confidence = "low" },
};
#define NRULES (sizeof RULES / sizeof RULES[0])

static struct po_sc_day days[31];

static void fill(int fam, int from, int to, enum po_sc_state st, int64_t v, const char *sector)
{
    for (int d = from; d <= to; d++) {
        days[d - 1].f[fam].state = st;
        days[d - 1].f[fam].value_micro = v;
        days[d - 1].f[fam].sector = sector;
        days[d - 1].f[fam].finding = "F1";
    }
}

static int run(struct po_sc_row *rows, bool has_kwh, int64_t kwh)
{
    struct po_sc_input in = { .year = 2025, .month = 6, .jurisdictions = JUR, .njur = 2,
                              .has_kwh = has_kwh, .kwh_micro = kwh, .days = days };
    return po_sc_month(rows, PO_SC_MAX_ROWS, &in, RULES, NRULES);
}

static int setup(void **state)
{
    (void)state;
    memset(days, 0, sizeof days);
    return 0;
}

/* 1 000 000 kWh, restricted all June: 1e6 × 0.10 × 30/30 = 100 000.00 yuan. */
static void test_surcharge__restricted_whole_month(void **state)
{
    (void)state;
    struct po_sc_row rows[PO_SC_MAX_ROWS];
    fill(PO_SC_F_DIFFERENTIAL, 1, 30, PO_SC_KNOWN, PO_SC_CAT_RESTRICTED, "carbide_furnace");
    assert_int_equal(run(rows, true, 1000000 * PO_MICRO), 1);
    assert_string_equal(rows[0].rule->rule_id, "DIFF-RESTRICTED");
    assert_int_equal(rows[0].status, PO_SC_COMPUTED);
    assert_int_equal(rows[0].days, 30);
    assert_int_equal(rows[0].amount_micro, 100000LL * PO_MICRO);
}

/* Restricted days 1-10, eliminated (the NMG rule) days 11-30, 123 456.7 kWh:
 * 123456.7 × 0.10 × 10/30 = 4115.2233.. → 4115.22; × 0.30 × 20/30 = 24691.34 exactly. */
static void test_surcharge__category_changes_mid_month(void **state)
{
    (void)state;
    struct po_sc_row rows[PO_SC_MAX_ROWS];
    fill(PO_SC_F_DIFFERENTIAL, 1, 10, PO_SC_KNOWN, PO_SC_CAT_RESTRICTED, "carbide_furnace");
    fill(PO_SC_F_DIFFERENTIAL, 11, 30, PO_SC_KNOWN, PO_SC_CAT_ELIMINATED, "carbide_furnace");
    assert_int_equal(run(rows, true, 123456700000LL), 2);
    assert_string_equal(rows[0].rule->rule_id, "DIFF-RESTRICTED");
    assert_int_equal(rows[0].days, 10);
    assert_int_equal(rows[0].amount_micro, 4115220000LL);
    assert_string_equal(rows[1].rule->rule_id, "NMG-DIFF-ELIMINATED");
    assert_int_equal(rows[1].days, 20);
    assert_int_equal(rows[1].amount_micro, 24691340000LL);
}

/* Exactly 100 % over the quota is the 2x band (一倍以上 includes the bound); 99.999999 % is the
 * band whose rate the province sets: cannot compute. */
static void test_surcharge__punitive_band_edges(void **state)
{
    (void)state;
    struct po_sc_row rows[PO_SC_MAX_ROWS];
    fill(PO_SC_F_PUNITIVE, 1, 30, PO_SC_KNOWN, 100 * PO_MICRO, "calcium_carbide");
    assert_int_equal(run(rows, true, 1000 * PO_MICRO), 1);
    assert_string_equal(rows[0].rule->rule_id, "PUNITIVE-QUOTA-2X");
    assert_int_equal(rows[0].amount_micro, 300 * PO_MICRO);

    fill(PO_SC_F_PUNITIVE, 1, 30, PO_SC_KNOWN, 100 * PO_MICRO - 1, "calcium_carbide");
    assert_int_equal(run(rows, true, 1000 * PO_MICRO), 1);
    assert_string_equal(rows[0].rule->rule_id, "PUNITIVE-QUOTA");
    assert_int_equal(rows[0].status, PO_SC_CANNOT);

    /* not over the quota at all: no row */
    fill(PO_SC_F_PUNITIVE, 1, 30, PO_SC_KNOWN, 0, "calcium_carbide");
    assert_int_equal(run(rows, true, 1000 * PO_MICRO), 0);
}

/* Tiered step: exactly at 13650 kWh/t no row; one unit (0.000001) over is one whole step
 * (0.01); 13690 is 2 steps (0.02).  The rule ends 2025-06-10: 10 of 30 days.
 * 300 000 kWh × 0.02 × 10/30 = 2000.00. */
static void test_surcharge__tiered_step_and_rule_ending(void **state)
{
    (void)state;
    struct po_sc_row rows[PO_SC_MAX_ROWS];
    fill(PO_SC_F_TIERED, 1, 30, PO_SC_KNOWN, 13650 * PO_MICRO, "aluminium_cell");
    assert_int_equal(run(rows, true, 300000 * PO_MICRO), 0);

    fill(PO_SC_F_TIERED, 1, 30, PO_SC_KNOWN, 13650 * PO_MICRO + 1, "aluminium_cell");
    assert_int_equal(run(rows, true, 300000 * PO_MICRO), 1);
    assert_int_equal(rows[0].steps, 1);
    assert_int_equal(rows[0].rate_micro, 10000);
    assert_int_equal(rows[0].days, 10);
    assert_int_equal(rows[0].amount_micro, 1000 * PO_MICRO);
    assert_true(rows[0].low_confidence);

    fill(PO_SC_F_TIERED, 1, 30, PO_SC_KNOWN, 13690 * PO_MICRO, "aluminium_cell");
    assert_int_equal(run(rows, true, 300000 * PO_MICRO), 1);
    assert_int_equal(rows[0].steps, 2);
    assert_int_equal(rows[0].amount_micro, 2000 * PO_MICRO);
}

/* Missing kWh: cannot compute, amount not 0-as-a-verdict; missing category: cannot decide. */
static void test_surcharge__missing_data(void **state)
{
    (void)state;
    struct po_sc_row rows[PO_SC_MAX_ROWS];
    fill(PO_SC_F_DIFFERENTIAL, 1, 30, PO_SC_KNOWN, PO_SC_CAT_RESTRICTED, "carbide_furnace");
    assert_int_equal(run(rows, false, 0), 1);
    assert_int_equal(rows[0].status, PO_SC_CANNOT);
    assert_string_equal(rows[0].reason_en, "cannot compute: kWh not recorded");

    fill(PO_SC_F_DIFFERENTIAL, 1, 30, PO_SC_UNKNOWN, 0, "carbide_furnace");
    assert_int_equal(run(rows, true, 1000 * PO_MICRO), 1);
    assert_null(rows[0].rule);
    assert_int_equal(rows[0].status, PO_SC_CANNOT);
    assert_int_equal(rows[0].days, 30);
}

/* Rounding half up once per row: 5 kWh × 0.001 = 0.005 → 0.01. */
static void test_surcharge__rounding_half_up(void **state)
{
    (void)state;
    assert_int_equal(po_sc_amount(5 * PO_MICRO, 1000, 1, 1), 10000);
    assert_int_equal(po_sc_amount(4 * PO_MICRO, 1000, 1, 1), 0);
}

/* Water: quota 1000 m3, use 1300 m3, price 4.00: band 0-20 % takes 200 m3 × 4 × 0.5 = 400.00,
 * band 20-40 % takes 100 m3 × 4 × 1 = 400.00.  Exactly at the quota: no row. */
static void test_surcharge__water_bands(void **state)
{
    (void)state;
    struct po_sc_row rows[PO_SC_MAX_ROWS];
    struct po_sc_water w = { .year = 2025, .month = 6, .has_use = true, .has_quota = true,
                             .has_price = true, .use_m3_micro = 1300 * PO_MICRO,
                             .quota_m3_micro = 1000 * PO_MICRO, .price_micro = 4 * PO_MICRO,
                             .jurisdictions = JUR, .njur = 2 };
    assert_int_equal(po_sc_water_month(rows, PO_SC_MAX_ROWS, &w, RULES, NRULES), 2);
    assert_int_equal(rows[0].quantity_micro, 200 * PO_MICRO);
    assert_int_equal(rows[0].amount_micro, 400 * PO_MICRO);
    assert_int_equal(rows[1].quantity_micro, 100 * PO_MICRO);
    assert_int_equal(rows[1].amount_micro, 400 * PO_MICRO);
    assert_true(rows[0].low_confidence);

    w.use_m3_micro = 1000 * PO_MICRO;
    assert_int_equal(po_sc_water_month(rows, PO_SC_MAX_ROWS, &w, RULES, NRULES), 0);

    w.has_use = false;
    assert_int_equal(po_sc_water_month(rows, PO_SC_MAX_ROWS, &w, RULES, NRULES), 1);
    assert_int_equal(rows[0].status, PO_SC_CANNOT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_surcharge__restricted_whole_month, setup),
        cmocka_unit_test_setup(test_surcharge__category_changes_mid_month, setup),
        cmocka_unit_test_setup(test_surcharge__punitive_band_edges, setup),
        cmocka_unit_test_setup(test_surcharge__tiered_step_and_rule_ending, setup),
        cmocka_unit_test_setup(test_surcharge__missing_data, setup),
        cmocka_unit_test_setup(test_surcharge__rounding_half_up, setup),
        cmocka_unit_test_setup(test_surcharge__water_bands, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

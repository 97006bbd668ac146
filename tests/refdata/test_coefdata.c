/* test_coefdata.c: the default factor table from the reference data, and a user's table. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "refdata/coefdata.h"
#include "store/testdb.h"
#include "util/arena.h"

static int64_t factor(const struct po_coef_table *t, const char *type, const char *unit)
{
    const struct po_coef *c = po_coef_find(t, type, strlen(type), unit, strlen(unit));
    if (!c)
        fail_msg("no factor for %s/%s", type, unit);
    return c->tce_e9;
}

/* The benchmark's coefficients.csv (WORKLOAD.md §2), as tce per unit × 10^9. */
static const struct {
    const char *type, *unit;
    int64_t e9;
} bench[] = {
    { "raw_coal", "t", 714300000 },         { "washed_coal", "t", 900000000 },
    { "coke", "t", 971400000 },             { "coke_oven_gas", "10^4m3", 5929000000 },
    { "blast_furnace_gas", "10^4m3", 1286000000 }, { "natural_gas", "10^4m3", 12143000000 },
    { "fuel_oil", "t", 1428600000 },        { "diesel", "t", 1457100000 },
    { "lpg", "t", 1714300000 },             { "electricity", "MWh", 122900000 },
    { "electricity", "10^4kWh", 1229000000 }, { "steam", "GJ", 34120000 },
};

static void test_coefdata__default_matches_gbt2589_choices(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_coef_table t;
    struct po_err err = PO_ERR_INIT;
    po_coef_table_init(&t, a);
    assert_int_equal(po_coefdata_default(&t, &err), 0);
    for (size_t i = 0; i < sizeof(bench) / sizeof(bench[0]); i++)
        if (factor(&t, bench[i].type, bench[i].unit) != bench[i].e9)
            fail_msg("%s/%s: %lld, want %lld", bench[i].type, bench[i].unit,
                     (long long)factor(&t, bench[i].type, bench[i].unit), (long long)bench[i].e9);
    assert_int_equal(factor(&t, "electricity", "kWh"), 122900);
    assert_int_equal(factor(&t, "raw_coal", "kg"), 714300);
    assert_int_equal(factor(&t, "steam", "t"), 128600000); /* 0.1286 kgce/kg low-pressure steam */
    const struct po_coef *c = po_coef_find(&t, "semi_coke", 9, "t", 1);
    assert_non_null(c);
    assert_string_equal(c->confidence, "low");
    assert_non_null(strstr(c->source, "GB/T 2589"));
    assert_null(po_coef_find(&t, "electricity", 11, "t", 1));
    po_arena_destroy(a);
}

static void test_coefdata__user_file(void **state)
{
    (void)state;
    char dir[256], path[512];
    assert_int_equal(testdb_tmpdir(dir, sizeof(dir)), 0);
    snprintf(path, sizeof(path), "%s/coef.csv", dir);
    FILE *f = fopen(path, "w");
    fputs("energy_type,unit,tce_per_unit,source\n"
          "electricity,MWh,0.1229,equivalent\n"
          "electricity,万kWh,1.229,x\n"
          "electricity,kWh,0.0001229,fine grained\n",
          f);
    fclose(f);
    struct po_arena *a = po_arena_new();
    struct po_coef_table t;
    struct po_err err = PO_ERR_INIT;
    po_coef_table_init(&t, a);
    assert_int_equal(po_coefdata_load_file(&t, path, &err), 0);
    assert_int_equal(t.n, 3);
    assert_int_equal(factor(&t, "electricity", "10^4kWh"), 1229000000);
    assert_int_equal(factor(&t, "electricity", "kWh"), 122900);
    f = fopen(path, "w");
    fputs("energy_type,unit,tce_per_unit\nraw_coal,t,0.7143\ncoke,t,-1\n", f);
    fclose(f);
    po_coef_table_init(&t, a);
    assert_int_equal(po_coefdata_load_file(&t, path, &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "coef.csv row 3, column \"tce_per_unit\", value \"-1\""));
    assert_non_null(strstr(err.msg_zh, "第3行"));
    po_arena_destroy(a);
    testdb_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coefdata__default_matches_gbt2589_choices),
        cmocka_unit_test(test_coefdata__user_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

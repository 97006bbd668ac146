/* test_units.c: unit lookup and exact conversion, table-driven. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/units.h"

static const struct po_unit *U(const char *s)
{
    const struct po_unit *u = po_unit_find(s, strlen(s));
    if (!u)
        fail_msg("unit %s not found", s);
    return u;
}

static void test_units__aliases(void **state)
{
    (void)state;
    static const struct {
        const char *alias, *tag;
    } a[] = { { "万kWh", "10^4kWh" }, { "万千瓦时", "10^4kWh" }, { "kwh", "kWh" }, { "度", "kWh" },
              { "MWh", "MWh" },      { "吨", "t" },            { "万吨", "10^4t" }, { "万t", "10^4t" },
              { "m³", "m3" },        { "万立方米", "10^4m3" }, { "10^4m3", "10^4m3" },
              { "GJ", "GJ" },        { "吨标准煤", "tce" } };
    for (size_t i = 0; i < sizeof(a) / sizeof(a[0]); i++)
        assert_string_equal(U(a[i].alias)->tag, a[i].tag);
    assert_null(po_unit_find("furlong", 7));
}

static void test_units__convert(void **state)
{
    (void)state;
    static const struct {
        const char *from, *to;
        int64_t in, out;
        int rc;
    } c[] = {
        { "10^4kWh", "kWh", 1500000, 15000000000, 0 },  /* 1.5 万kWh = 15000 kWh */
        { "MWh", "kWh", 1000000, 1000000000, 0 },       /* 1 MWh = 1000 kWh */
        { "kWh", "MWh", 1, 0, 1 },                      /* 0.000001 kWh in MWh rounds to 0 */
        { "kWh", "MWh", 500, 1, 1 },                    /* 0.0005 kWh = 0.0000005 MWh -> 0.000001 */
        { "kWh", "10^4kWh", 20000000000, 2000000, 0 },  /* 20000 kWh = 2 万kWh */
        { "10^4t", "t", 3000000, 30000000000, 0 },      /* 3 万t = 30000 t */
        { "kg", "t", 1500000000, 1500000, 0 },          /* 1500 kg = 1.5 t */
        { "t", "m3", 1, 0, -1 },                        /* dimension mismatch */
    };
    for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        int64_t out = -42;
        int rc = po_unit_convert(&out, c[i].in, U(c[i].from), U(c[i].to));
        if (rc != c[i].rc || (rc >= 0 && out != c[i].out))
            fail_msg("%s->%s %lld: rc %d out %lld", c[i].from, c[i].to, (long long)c[i].in, rc,
                     (long long)out);
    }
}

static void test_units__energy_types(void **state)
{
    (void)state;
    const struct po_energy_type *e = po_energy_type_find("电力", strlen("电力"));
    assert_non_null(e);
    assert_string_equal(e->tag, "electricity");
    assert_true(e->dims & PO_DIM_ELECTRICITY);
    e = po_energy_type_find("steam", 5);
    assert_true((e->dims & PO_DIM_HEAT) && (e->dims & PO_DIM_MASS));
    assert_null(po_energy_type_find("coal", 4));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_units__aliases),
        cmocka_unit_test(test_units__convert),
        cmocka_unit_test(test_units__energy_types),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_washbal.c: the coal-washing balance (Wuhai opinion 三(三)) at its boundaries — a
 * surplus of exactly zero, one unit (10^-6 t) either side, a surplus exactly covered by the
 * smallest plant and one unit more, ties broken by USCC and unit, the factor's rounding, and
 * every missing figure leaving the balance undecided.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/washbal.h"
#include "util/arena.h"

#define T 1000000LL /* one tonne */
#define MISS PO_WASHBAL_MISSING

/* Three plants: 100 t (U2), 100 t (U1), 300 t (U1): smallest first, U1 before U2 at 100 t. */
static const struct {
    int64_t caps[3];
    int64_t coke, power; /* need = coke × 1.5 + power */
    bool decided;
    int64_t surplus;
    const char *want; /* candidate flags in input order */
} rows[] = {
    { { 100 * T, 100 * T, 300 * T }, 200 * T, 200 * T, true, 0, "---" },      /* exactly balanced */
    { { 100 * T, 100 * T, 300 * T }, 200 * T, 200 * T - 1, true, 1, "-x-" },  /* 1e-6 t over */
    { { 100 * T, 100 * T, 300 * T }, 200 * T, 200 * T + 1, true, -1, "---" }, /* 1e-6 t short */
    { { 100 * T, 100 * T, 300 * T }, 200 * T, 100 * T, true, 100 * T, "-x-" }, /* covered */
    { { 100 * T, 100 * T, 300 * T }, 200 * T, 100 * T - 1, true, 100 * T + 1, "xx-" },
    { { 100 * T, 100 * T, 300 * T }, 0, 0, true, 500 * T, "xxx" },
    { { 100 * T, 100 * T, 300 * T }, 2, 0, true, 500 * T - 3, "xxx" }, /* 2e-6 × 1.5 */
    { { MISS, 100 * T, 300 * T }, 200 * T, 200 * T, false, 0, "---" },
    { { 100 * T, 100 * T, 300 * T }, MISS, 200 * T, false, 0, "---" },
    { { 100 * T, 100 * T, 300 * T }, 200 * T, MISS, false, 0, "---" },
};

static void test_washbal__boundaries(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct po_washbal_plant p[3] = { { "U2", "XM01", rows[i].caps[0] },
                                         { "U1", "XM02", rows[i].caps[1] },
                                         { "U1", "XM01", rows[i].caps[2] } };
        struct po_washbal_input in = { p, 3, rows[i].coke, 1500, rows[i].power };
        struct po_washbal b;
        struct po_err err = PO_ERR_INIT;
        assert_int_equal(po_washbal_compute(&b, &in, a, &err), 0);
        char got[4] = "---";
        for (size_t k = 0; k < 3; k++)
            got[k] = b.candidate[k] ? 'x' : '-';
        if (b.decided != rows[i].decided || strcmp(got, rows[i].want) != 0 ||
            (b.decided && b.surplus_micro != rows[i].surplus))
            fail_msg("row %zu: decided %d surplus %lld candidates %s", i, b.decided,
                     (long long)b.surplus_micro, got);
    }
    po_arena_destroy(a);
}

static void test_washbal__refuses_negative(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_washbal_plant p = { "U1", "XM01", -1 };
    struct po_washbal_input in = { &p, 1, 0, 1370, 0 };
    struct po_washbal b;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_washbal_compute(&b, &in, a, &err), PO_EINVAL);
    po_arena_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_washbal__boundaries),
        cmocka_unit_test(test_washbal__refuses_negative),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

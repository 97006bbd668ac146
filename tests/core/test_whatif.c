/*
 * test_whatif.c: planned exits taken out of an enterprise's records
 * (core/whatif.h), one table row per way energy is tied to a unit, and the
 * cases where it cannot be (never silently zero).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/whatif.h"
#include "util/arena.h"

#define M 1000000 /* 10^6: one unit in micro */

/* coal for two lines and the whole plant; a coke line of two ovens, a boiler without product */
static const struct po_acct_record TAGGED[] = {
    { 0, "raw_coal", "t", 1000 * (int64_t)M, PO_PURPOSE_FUEL, "coke", false },
    { 0, "electricity", "kWh", 5000 * (int64_t)M, PO_PURPOSE_FUEL, "coke", false },
    { 0, "raw_coal", "t", 300 * (int64_t)M, PO_PURPOSE_FUEL, "semicoke", false },
    { 0, "raw_coal", "t", 100 * (int64_t)M, PO_PURPOSE_FUEL, "", false },
};
static const struct po_acct_record UNTAGGED[] = {
    { 0, "raw_coal", "t", 1000 * (int64_t)M, PO_PURPOSE_FUEL, "", false },
    { 0, "electricity", "kWh", 10 * (int64_t)M, PO_PURPOSE_FUEL, "", false },
};
static const struct po_whatif_unit OVENS[] = {
    { "K1", "coke", "10k t/a", true, 40 * (int64_t)M, false },
    { "K2", "coke", "10k t/a", true, 60 * (int64_t)M, false },
    { "B1", "", "", false, 0, false },
};
static const struct po_whatif_unit TWO_PRODUCTS[] = {
    { "K1", "coke", "10k t/a", true, 40 * (int64_t)M, false },
    { "S1", "semicoke", "10k t/a", true, 30 * (int64_t)M, false },
};
static const struct po_whatif_unit NO_CAP[] = {
    { "K1", "coke", "10k t/a", true, 40 * (int64_t)M, false },
    { "K2", "coke", "10k t/a", false, 0, false },
    { "B1", "", "", false, 0, false },
};
static const struct po_whatif_unit K2_SEALED[] = {
    { "K1", "coke", "10k t/a", true, 40 * (int64_t)M, false },
    { "K2", "coke", "10k t/a", true, 60 * (int64_t)M, true },
};

static const struct {
    const char *name;
    const struct po_acct_record *rec;
    size_t nrec;
    const struct po_whatif_unit *units;
    size_t nunits;
    struct po_whatif_exit exits[2];
    size_t nexits;
    bool whole;
    enum po_whatif_method method[2];
    enum po_whatif_reason reason[2];
    int64_t after[4]; /* quantities remaining, micro */
} rows[] = {
    { "line: K1 is 40 of the coke line's 100; semicoke and plant records untouched", TAGGED, 4,
      OVENS, 3, { { "K1", 40 * (int64_t)M } }, 1, false, { PO_WI_LINE }, { PO_WIR_OK },
      { 600 * (int64_t)M, 3000 * (int64_t)M, 300 * (int64_t)M, 100 * (int64_t)M } },
    { "line: both ovens take the whole line; the boiler keeps the enterprise alive", TAGGED, 4,
      OVENS, 3, { { "K1", 40 * (int64_t)M }, { "K2", 60 * (int64_t)M } }, 2, false,
      { PO_WI_LINE, PO_WI_LINE }, { PO_WIR_OK, PO_WIR_OK },
      { 0, 0, 300 * (int64_t)M, 100 * (int64_t)M } },
    { "line: a planned capacity above the line's takes the line once, the next finds nothing",
      TAGGED, 4, OVENS, 3, { { "K1", 900 * (int64_t)M }, { "K2", 60 * (int64_t)M } }, 2, false,
      { PO_WI_LINE, PO_WI_NONE }, { PO_WIR_OK, PO_WIR_ALREADY_COUNTED },
      { 0, 0, 300 * (int64_t)M, 100 * (int64_t)M } },
    { "pro rata: untagged energy of a one-product plant by K1's share of its capacity",
      UNTAGGED, 2, OVENS, 3, { { "K1", 40 * (int64_t)M } }, 1, false, { PO_WI_PRO_RATA },
      { PO_WIR_OK }, { 600 * (int64_t)M, 6 * (int64_t)M } },
    { "enterprise: every unit planned or already out — all energy goes", UNTAGGED, 2, K2_SEALED,
      2, { { "K1", 40 * (int64_t)M } }, 1, true, { PO_WI_ENTERPRISE }, { PO_WIR_OK }, { 0, 0 } },
    { "none: untagged energy, two products", UNTAGGED, 2, TWO_PRODUCTS, 2,
      { { "K1", 40 * (int64_t)M } }, 1, false, { PO_WI_NONE }, { PO_WIR_SEVERAL_PRODUCTS },
      { 1000 * (int64_t)M, 10 * (int64_t)M } },
    { "none: the boiler has no product tag", TAGGED, 4, OVENS, 3, { { "B1", 5 * (int64_t)M } }, 1,
      false, { PO_WI_NONE }, { PO_WIR_NO_PRODUCT },
      { 1000 * (int64_t)M, 5000 * (int64_t)M, 300 * (int64_t)M, 100 * (int64_t)M } },
    { "none: the line's capacity is not known (K2 has none)", TAGGED, 4, NO_CAP, 3,
      { { "K1", 40 * (int64_t)M } }, 1, false, { PO_WI_NONE }, { PO_WIR_NO_CAPACITY },
      { 1000 * (int64_t)M, 5000 * (int64_t)M, 300 * (int64_t)M, 100 * (int64_t)M } },
    { "none: no energy record of the year", NULL, 0, OVENS, 3, { { "K1", 40 * (int64_t)M } }, 1,
      false, { PO_WI_NONE }, { PO_WIR_NO_ENERGY }, { 0 } },
    { "none: a unit the registry lacks", TAGGED, 4, OVENS, 3, { { "X9", 40 * (int64_t)M } }, 1,
      false, { PO_WI_NONE }, { PO_WIR_NOT_REGISTERED },
      { 1000 * (int64_t)M, 5000 * (int64_t)M, 300 * (int64_t)M, 100 * (int64_t)M } },
};

static void test_whatif__attribution_table(void **state)
{
    (void)state;
    for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
        struct po_arena *a = po_arena_new();
        struct po_whatif_result res;
        struct po_err err = PO_ERR_INIT;
        assert_int_equal(po_whatif_enterprise(&res, rows[r].rec, rows[r].nrec, rows[r].units,
                                              rows[r].nunits, rows[r].exits, rows[r].nexits, a,
                                              &err),
                         0);
        if (res.whole != rows[r].whole)
            fail_msg("%s: whole %d", rows[r].name, res.whole);
        for (size_t k = 0; k < rows[r].nexits; k++) {
            if (res.shares[k].method != rows[r].method[k] ||
                res.shares[k].reason != rows[r].reason[k])
                fail_msg("%s: exit %zu method %s reason %s", rows[r].name, k,
                         po_whatif_method_name(res.shares[k].method),
                         po_whatif_reason_en(res.shares[k].reason));
            /* a unit with nothing attributed says why, in both languages */
            bool none = res.shares[k].method == PO_WI_NONE;
            assert_int_equal(none, po_whatif_reason_en(res.shares[k].reason)[0] != '\0');
            assert_int_equal(none, po_whatif_reason_zh(res.shares[k].reason)[0] != '\0');
            assert_int_equal(none, res.removed[k] == NULL && !(res.whole && k > 0));
        }
        for (size_t i = 0; i < rows[r].nrec; i++) {
            if (res.after[i].quantity_micro != rows[r].after[i])
                fail_msg("%s: record %zu after %lld", rows[r].name, i,
                         (long long)res.after[i].quantity_micro);
            /* what remains and what the exits take add up to the record */
            int64_t sum = res.after[i].quantity_micro;
            for (size_t k = 0; k < rows[r].nexits; k++)
                sum += res.removed[k] ? res.removed[k][i].quantity_micro : 0;
            assert_int_equal(sum, rows[r].rec[i].quantity_micro);
        }
        po_arena_destroy(a);
    }
}

/* One rounding per record, half up: 1/3 of 2 micro is 1, of 1 micro 0; 1/2 of 3 micro is 2. */
static void test_whatif__rounds_half_up_once(void **state)
{
    (void)state;
    static const struct po_acct_record rec[] = {
        { 0, "raw_coal", "t", 2, PO_PURPOSE_FUEL, "coke", false },
        { 0, "raw_coal", "t", 1, PO_PURPOSE_FUEL, "coke", true },
    };
    static const struct po_whatif_unit units[] = {
        { "K1", "coke", "t/a", true, 1, false },
        { "K2", "coke", "t/a", true, 2, false },
    };
    static const struct po_whatif_exit x[] = { { "K1", 1 } };
    struct po_arena *a = po_arena_new();
    struct po_whatif_result res;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_whatif_enterprise(&res, rec, 2, units, 2, x, 1, a, &err), 0);
    assert_int_equal(res.removed[0][0].quantity_micro, 1);
    assert_int_equal(res.removed[0][1].quantity_micro, 0);
    static const struct po_whatif_unit halves[] = {
        { "K1", "coke", "t/a", true, 1, false },
        { "K2", "coke", "t/a", true, 1, false },
    };
    static const struct po_acct_record three[] = {
        { 0, "raw_coal", "t", 3, PO_PURPOSE_FUEL, "coke", false },
    };
    assert_int_equal(po_whatif_enterprise(&res, three, 1, halves, 2, x, 1, a, &err), 0);
    assert_int_equal(res.removed[0][0].quantity_micro, 2);
    assert_int_equal(res.after[0].quantity_micro, 1);
    po_arena_destroy(a);
}

static void test_whatif__room_freed(void **state)
{
    (void)state;
    struct po_whatif_room r;
    po_whatif_room(&r, true, 1000000, 1050000, 900000); /* cap 100, 105 -> 90 tce */
    assert_int_equal(r.before_e4, -50000);              /* 5 tce over */
    assert_int_equal(r.after_e4, 100000);               /* 10 tce of room */
    assert_int_equal(r.freed_e4, 150000);
    po_whatif_room(&r, false, 0, 1050000, 900000);
    assert_false(r.has_cap);
    assert_int_equal(r.freed_e4, 150000); /* the energy freed, with no cap to compare */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whatif__attribution_table),
        cmocka_unit_test(test_whatif__rounds_half_up_once),
        cmocka_unit_test(test_whatif__room_freed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

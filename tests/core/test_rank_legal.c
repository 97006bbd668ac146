/*
 * test_rank_legal.c: the legal ranking policy (core/rank_legal.h) — an
 * enterprise whose value added is missing, whose energy is zero or not
 * reported is neither ranked nor flagged; loss-making ones follow the city's
 * choice; the count and the 20 % cut are over the ranked ones only.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <string.h>

#include "core/rank_legal.h"
#include "util/arena.h"

/* data/city_params.csv intensity_worst_pct as shipped (tests/refdata/test_cityparams.c) */
#define SHIPPED_WORST_PCT 20

#define S(x)                                                                                       \
    {                                                                                              \
        x, sizeof(x) - 1                                                                           \
    }

/* One district 150302 holding every case, and a second district with ordinary firms. */
static const struct po_rank_legal_ent city[] = {
    /* ordinary: intensities 3.0, 2.0, 1.0, 0.5, 0.25 (T in 10^-8 tce, V in 0.01 × 10k yuan) */
    { { S("911503020000000001"), S("150302"), S("3011"), 30000000000LL, 10000, true }, "甲", true },
    { { S("911503020000000002"), S("150302"), S("3011"), 20000000000LL, 10000, true }, "乙", true },
    { { S("911503030000000003"), S("150303"), S("2521"), 10000000000LL, 10000, true }, "丙", true },
    { { S("911503030000000004"), S("150303"), S("2521"), 5000000000LL, 10000, true }, "丁", true },
    { { S("911503030000000005"), S("150303"), S("2521"), 2500000000LL, 10000, true }, "戊", true },
    { { S("911503030000000006"), S("150303"), S("2521"), 2000000000LL, 10000, true }, "己", true },
    /* value added missing (the benchmark ranks it worst) */
    { { S("911503020000000007"), S("150302"), S("3011"), 90000000000LL, 0, false }, "庚", true },
    /* energy reported, zero */
    { { S("911503020000000008"), S("150302"), S("3011"), 0, 10000, true }, "辛", true },
    /* no energy record at all */
    { { S("911503020000000009"), S("150302"), S("3011"), 0, 10000, true }, "壬", false },
    /* loss-making: value added negative, with energy */
    { { S("911503020000000010"), S("150302"), S("3011"), 40000000000LL, -500, true }, "癸", true },
};
#define NCITY (sizeof city / sizeof city[0])

static bool ranked(const struct po_rank_legal *r, const char *uscc, size_t *rank_out)
{
    for (size_t k = 0; k < r->ranked.n; k++) {
        const struct po_rank_ent *e = &r->ranked.ents[r->ranked.order[k]];
        if (e->uscc.len == strlen(uscc) && memcmp(e->uscc.ptr, uscc, e->uscc.len) == 0) {
            if (rank_out)
                *rank_out = k + 1;
            return true;
        }
    }
    return false;
}

static void test_rank_legal__excluded_are_not_ranked_nor_flagged(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_err err = PO_ERR_INIT;
    struct po_rank_legal r;
    assert_int_equal(
        po_rank_legal_compute(&r, city, NCITY, PO_LOSS_REVIEW, SHIPPED_WORST_PCT, a, &err), 0);
    assert_int_equal(r.n, NCITY);
    assert_int_equal(r.ranked.n, 6);        /* the six ordinary firms */
    assert_int_equal(r.ranked.nflagged, 2); /* ceil(6/5), not ceil(10/5) */
    assert_int_equal(r.nexcluded, 4);
    assert_int_equal(r.by_reason[PO_RX_RANKED], 6);
    assert_int_equal(r.by_reason[PO_RX_VALUE_ADDED_MISSING], 1);
    assert_int_equal(r.by_reason[PO_RX_ENERGY_ZERO], 1);
    assert_int_equal(r.by_reason[PO_RX_ENERGY_NOT_REPORTED], 1);
    assert_int_equal(r.by_reason[PO_RX_LOSS_REVIEW], 1);
    assert_int_equal(r.reason[6], PO_RX_VALUE_ADDED_MISSING);
    assert_int_equal(r.reason[7], PO_RX_ENERGY_ZERO);
    assert_int_equal(r.reason[8], PO_RX_ENERGY_NOT_REPORTED);
    assert_int_equal(r.reason[9], PO_RX_LOSS_REVIEW);
    for (size_t i = 6; i < NCITY; i++)
        assert_false(ranked(&r, city[i].e.uscc.ptr, NULL));
    /* the worst two of the ranked are flagged: intensities 3.0 and 2.0 */
    size_t k = 0;
    assert_true(ranked(&r, "911503020000000001", &k));
    assert_int_equal(k, 1);
    assert_true(po_rank_flagged(&r.ranked, k));
    assert_true(ranked(&r, "911503020000000002", &k));
    assert_int_equal(k, 2);
    assert_true(po_rank_flagged(&r.ranked, k));
    assert_true(ranked(&r, "911503030000000003", &k));
    assert_false(po_rank_flagged(&r.ranked, k));
    /* the district totals count ranked firms only: 150302 has 2 ranked of its 6 */
    assert_int_equal(r.ranked.ndistricts, 2);
    assert_int_equal(r.ranked.districts[0].enterprises, 2);
    assert_int_equal(r.ranked.districts[0].flagged, 2);
    /* ranked_from maps back to the input */
    for (size_t i = 0; i < r.ranked.n; i++)
        assert_ptr_equal(r.ranked.ents[i].uscc.ptr, city[r.ranked_from[i]].e.uscc.ptr);
    po_arena_destroy(a);
}

static void test_rank_legal__benchmark_ranks_them_worst(void **state)
{
    (void)state;
    /* the same city under the benchmark rule: all ten ranked, the missing VA and the loss first */
    struct po_arena *a = po_arena_new();
    struct po_err err = PO_ERR_INIT;
    struct po_rank_ent e[NCITY];
    for (size_t i = 0; i < NCITY; i++)
        e[i] = city[i].e;
    struct po_rank_result r;
    assert_int_equal(po_rank_compute(&r, e, NCITY, SHIPPED_WORST_PCT, a, &err), 0);
    assert_int_equal(r.n, NCITY);
    assert_int_equal(r.nflagged, 2);
    assert_int_equal(r.order[0], 6); /* undefined intensity, largest T first */
    assert_int_equal(r.order[1], 9);
    po_arena_destroy(a);
}

static void test_rank_legal__loss_making_ranked_worst(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_err err = PO_ERR_INIT;
    struct po_rank_legal r;
    assert_int_equal(
        po_rank_legal_compute(&r, city, NCITY, PO_LOSS_RANKED_WORST, SHIPPED_WORST_PCT, a, &err),
        0);
    assert_int_equal(r.ranked.n, 7);
    assert_int_equal(r.ranked.nflagged, 2); /* ceil(7/5) */
    assert_int_equal(r.by_reason[PO_RX_LOSS_REVIEW], 0);
    assert_int_equal(r.nexcluded, 3);
    size_t k = 0;
    assert_true(ranked(&r, "911503020000000010", &k));
    assert_int_equal(k, 1); /* worst, before every intensity */
    assert_true(po_rank_flagged(&r.ranked, k));
    assert_true(po_rank_legal_loss_ranked(&r, r.ranked.order[0]));
    assert_false(po_rank_legal_loss_ranked(&r, r.ranked.order[1]));
    assert_true(ranked(&r, "911503020000000001", &k));
    assert_int_equal(k, 2);
    /* the missing facts are still not ranked */
    assert_false(ranked(&r, "911503020000000007", NULL));
    assert_false(ranked(&r, "911503020000000008", NULL));
    assert_false(ranked(&r, "911503020000000009", NULL));
    po_arena_destroy(a);
}

static void test_rank_legal__zero_value_added_is_loss_making(void **state)
{
    (void)state;
    struct po_rank_ent zero = { S("911503020000000011"), S("150302"), S("3011"), 100, 0, true };
    assert_int_equal(po_rank_legal_reason(&zero, true, PO_LOSS_REVIEW), PO_RX_LOSS_REVIEW);
    assert_int_equal(po_rank_legal_reason(&zero, true, PO_LOSS_RANKED_WORST), PO_RX_RANKED);
    /* value added <= 0 without energy: the energy is what is missing */
    zero.tce_e8 = 0;
    assert_int_equal(po_rank_legal_reason(&zero, true, PO_LOSS_RANKED_WORST), PO_RX_ENERGY_ZERO);
    assert_int_equal(po_rank_legal_reason(&zero, false, PO_LOSS_REVIEW), PO_RX_ENERGY_NOT_REPORTED);
    /* value added missing is named first, with the energy too when that is absent */
    zero.va_known = false;
    assert_int_equal(po_rank_legal_reason(&zero, false, PO_LOSS_REVIEW), PO_RX_VALUE_ADDED_MISSING);
    assert_string_equal(po_rank_reason_missing(PO_RX_VALUE_ADDED_MISSING, false),
                        "value_added|energy_use");
    assert_string_equal(po_rank_reason_missing(PO_RX_VALUE_ADDED_MISSING, true), "value_added");
    assert_string_equal(po_rank_reason_missing(PO_RX_ENERGY_ZERO, true), "energy_use");
    assert_string_equal(po_rank_reason_missing(PO_RX_ENERGY_NOT_REPORTED, false), "energy_use");
    assert_string_equal(po_rank_reason_missing(PO_RX_LOSS_REVIEW, true), "loss_review");
    assert_null(po_rank_reason_missing(PO_RX_RANKED, true));
}

static void test_rank_legal__names(void **state)
{
    (void)state;
    assert_string_equal(po_rank_reason_tag(PO_RX_VALUE_ADDED_MISSING), "value_added_missing");
    assert_string_equal(po_rank_reason_tag(PO_RX_ENERGY_NOT_REPORTED), "energy_not_reported");
    assert_string_equal(po_rank_reason_tag(PO_RX_ENERGY_ZERO), "energy_zero");
    assert_string_equal(po_rank_reason_tag(PO_RX_LOSS_REVIEW), "loss_review");
    assert_string_equal(po_rank_reason_zh(PO_RX_VALUE_ADDED_MISSING), "增加值未记录");
    assert_string_equal(po_rank_reason_zh(PO_RX_ENERGY_NOT_REPORTED), "能耗未报送");
    assert_string_equal(po_rank_reason_zh(PO_RX_ENERGY_ZERO), "能耗为零");
    assert_string_equal(po_rank_reason_zh(PO_RX_LOSS_REVIEW), "亏损企业待审");
    enum po_rank_loss l;
    enum po_rank_policy p;
    assert_int_equal(po_rank_loss_parse(&l, "ranked_worst"), 0);
    assert_int_equal(l, PO_LOSS_RANKED_WORST);
    assert_int_equal(po_rank_loss_parse(&l, "review"), 0);
    assert_int_equal(l, PO_LOSS_REVIEW);
    assert_int_equal(po_rank_loss_parse(&l, "worst"), -1);
    assert_int_equal(po_rank_policy_parse(&p, "benchmark"), 0);
    assert_int_equal(p, PO_RANK_BENCHMARK);
    assert_int_equal(po_rank_policy_parse(&p, "legal"), 0);
    assert_int_equal(p, PO_RANK_LEGAL);
    assert_int_equal(po_rank_policy_parse(&p, "oracle"), -1);
    assert_string_equal(po_rank_policy_name(PO_RANK_BENCHMARK), "benchmark");
    assert_string_equal(po_rank_loss_name(PO_LOSS_RANKED_WORST), "ranked_worst");
}

static void test_rank_legal__nobody_ranked(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_err err = PO_ERR_INIT;
    struct po_rank_legal r;
    assert_int_equal(
        po_rank_legal_compute(&r, city + 6, 3, PO_LOSS_REVIEW, SHIPPED_WORST_PCT, a, &err), 0);
    assert_int_equal(r.ranked.n, 0);
    assert_int_equal(r.ranked.nflagged, 0);
    assert_int_equal(r.nexcluded, 3);
    assert_int_equal(po_rank_legal_compute(&r, NULL, 0, PO_LOSS_REVIEW, SHIPPED_WORST_PCT, a, &err),
                     0);
    assert_int_equal(r.ranked.n, 0);
    po_arena_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rank_legal__excluded_are_not_ranked_nor_flagged),
        cmocka_unit_test(test_rank_legal__benchmark_ranks_them_worst),
        cmocka_unit_test(test_rank_legal__loss_making_ranked_worst),
        cmocka_unit_test(test_rank_legal__zero_value_added_is_loss_making),
        cmocka_unit_test(test_rank_legal__names),
        cmocka_unit_test(test_rank_legal__nobody_ranked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

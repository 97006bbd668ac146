/* test_rank.c: the intensity ranking, table-driven, against the workload's rules (WORKLOAD.md
 * §3-§4). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <string.h>

#include "core/rank.h"
#include "util/arena.h"

/* data/city_params.csv intensity_worst_pct as shipped (tests/refdata/test_cityparams.c) */
#define SHIPPED_WORST_PCT 20

struct ent_row {
    const char *uscc, *district, *industry;
    int64_t tce_e8, va_c;
    bool va_known;
};

struct rank_case {
    const char *name;
    const struct ent_row *ents;
    size_t n;
    const char *result, *district, *industry;
};

/*
 * Expected bytes are what ../shared/bench/oracle.py's ranking code prints for
 * the same T and V (T in 10^-8 tce, V in 0.01 × 10k yuan).
 */

/* a city of 5: ceil(5/5) = 1 flagged */
static const struct ent_row five_one_flagged_ents[] = {
    { "911401050000000001", "140105", "3011", 12000000000LL, 10000, true },
    { "911401050000000002", "140105", "3011", 30000000000LL, 10000, true },
    { "911401060000000003", "140106", "2521", 5000000000LL, 10000, true },
    { "911401060000000004", "140106", "3011", 8000000000LL, 20000, true },
    { "911401070000000005", "140107", "4411", 1000000000LL, 10000, true },
};
static const char five_one_flagged_result[] = "uscc,tce,intensity,rank,flagged\n"
                                              "911401050000000002,300.0000,3.000000,1,1\n"
                                              "911401050000000001,120.0000,1.200000,2,0\n"
                                              "911401060000000003,50.0000,0.500000,3,0\n"
                                              "911401060000000004,80.0000,0.400000,4,0\n"
                                              "911401070000000005,10.0000,0.100000,5,0\n";
static const char five_one_flagged_district[] = "district_code,enterprises,flagged,tce\n"
                                                "140105,2,1,420.0000\n"
                                                "140106,2,0,130.0000\n"
                                                "140107,1,0,10.0000\n";
static const char five_one_flagged_industry[] = "industry_code,enterprises,flagged,tce\n"
                                                "2521,1,0,50.0000\n"
                                                "3011,3,1,500.0000\n"
                                                "4411,1,0,10.0000\n";

/* a city of 7: ceil(7/5) = 2 flagged */
static const struct ent_row seven_two_flagged_ents[] = {
    { "91140105000000001A", "140105", "3011", 700000000LL, 100, true },
    { "91140105000000002B", "140105", "3011", 600000000LL, 100, true },
    { "91140105000000003C", "140105", "3011", 500000000LL, 100, true },
    { "91140105000000004D", "140106", "3011", 400000000LL, 100, true },
    { "91140105000000005E", "140106", "3011", 300000000LL, 100, true },
    { "91140105000000006F", "140106", "3011", 200000000LL, 100, true },
    { "91140105000000007G", "140106", "3011", 100000000LL, 100, true },
};
static const char seven_two_flagged_result[] = "uscc,tce,intensity,rank,flagged\n"
                                               "91140105000000001A,7.0000,7.000000,1,1\n"
                                               "91140105000000002B,6.0000,6.000000,2,1\n"
                                               "91140105000000003C,5.0000,5.000000,3,0\n"
                                               "91140105000000004D,4.0000,4.000000,4,0\n"
                                               "91140105000000005E,3.0000,3.000000,5,0\n"
                                               "91140105000000006F,2.0000,2.000000,6,0\n"
                                               "91140105000000007G,1.0000,1.000000,7,0\n";
static const char seven_two_flagged_district[] = "district_code,enterprises,flagged,tce\n"
                                                 "140105,3,2,18.0000\n"
                                                 "140106,4,0,10.0000\n";
static const char seven_two_flagged_industry[] = "industry_code,enterprises,flagged,tce\n"
                                                 "3011,7,2,28.0000\n";

/* equal intensity: T descending, then uscc ascending */
static const struct ent_row ties_t_then_uscc_ents[] = {
    { "911401050000000003", "140105", "3011", 20000000000LL, 20000, true },
    { "911401050000000001", "140105", "3011", 10000000000LL, 10000, true },
    { "911401050000000002", "140105", "3011", 10000000000LL, 10000, true },
    { "911401050000000004", "140105", "3011", 5000000000LL, 5000, true },
    { "91140105000000000A", "140105", "3011", 100000000LL, 100000, true },
};
static const char ties_t_then_uscc_result[] = "uscc,tce,intensity,rank,flagged\n"
                                              "911401050000000003,200.0000,1.000000,1,1\n"
                                              "911401050000000001,100.0000,1.000000,2,0\n"
                                              "911401050000000002,100.0000,1.000000,3,0\n"
                                              "911401050000000004,50.0000,1.000000,4,0\n"
                                              "91140105000000000A,1.0000,0.001000,5,0\n";
static const char ties_t_then_uscc_district[] = "district_code,enterprises,flagged,tce\n"
                                                "140105,5,1,451.0000\n";
static const char ties_t_then_uscc_industry[] = "industry_code,enterprises,flagged,tce\n"
                                                "3011,5,1,451.0000\n";

/* missing, zero and negative value added rank first, by T then uscc */
static const struct ent_row bad_value_added_worst_ents[] = {
    { "911401050000000001", "140105", "3011", 90000000000LL, 100, true },
    { "911401050000000002", "140105", "3011", 500000000LL, 0, false },
    { "911401050000000003", "140105", "3011", 500000000LL, 0, true },
    { "911401050000000004", "140105", "3011", 700000000LL, -500, true },
    { "911401050000000005", "140105", "3011", 0LL, 0, false },
    { "911401050000000006", "140105", "3011", 100000000LL, 100, true },
};
static const char bad_value_added_worst_result[] = "uscc,tce,intensity,rank,flagged\n"
                                                   "911401050000000004,7.0000,,1,1\n"
                                                   "911401050000000002,5.0000,,2,1\n"
                                                   "911401050000000003,5.0000,,3,0\n"
                                                   "911401050000000005,0.0000,,4,0\n"
                                                   "911401050000000001,900.0000,900.000000,5,0\n"
                                                   "911401050000000006,1.0000,1.000000,6,0\n";
static const char bad_value_added_worst_district[] = "district_code,enterprises,flagged,tce\n"
                                                     "140105,6,2,918.0000\n";
static const char bad_value_added_worst_industry[] = "industry_code,enterprises,flagged,tce\n"
                                                     "3011,6,2,918.0000\n";

/* tce and intensity round half up; totals round the exact sum */
static const struct ent_row round_half_up_ents[] = {
    { "911401050000000001", "140105", "3011", 5000LL, 2, true },
    { "911401050000000002", "140105", "3011", 4999LL, 3, true },
    { "911401050000000003", "140106", "3011", 4000LL, 0, false },
    { "911401050000000004", "140106", "3011", 4000LL, 0, false },
    { "911401050000000005", "140107", "2521", 25000LL, 10000, true },
    { "911401050000000006", "140107", "2521", 5LL, 2, true },
    { "911401050000000007", "140107", "2521", 3LL, 2, true },
};
static const char round_half_up_result[] = "uscc,tce,intensity,rank,flagged\n"
                                           "911401050000000003,0.0000,,1,1\n"
                                           "911401050000000004,0.0000,,2,1\n"
                                           "911401050000000001,0.0001,0.002500,3,0\n"
                                           "911401050000000002,0.0000,0.001666,4,0\n"
                                           "911401050000000005,0.0003,0.000003,5,0\n"
                                           "911401050000000006,0.0000,0.000003,6,0\n"
                                           "911401050000000007,0.0000,0.000002,7,0\n";
static const char round_half_up_district[] = "district_code,enterprises,flagged,tce\n"
                                             "140105,2,0,0.0001\n"
                                             "140106,2,2,0.0001\n"
                                             "140107,3,0,0.0003\n";
static const char round_half_up_industry[] = "industry_code,enterprises,flagged,tce\n"
                                             "2521,3,0,0.0003\n"
                                             "3011,4,2,0.0002\n";

/* no enterprises: headers only */
static const struct ent_row empty_ents[] = {
    { "", "", "", 0, 0, false },
};
static const char empty_result[] = "uscc,tce,intensity,rank,flagged\n";
static const char empty_district[] = "district_code,enterprises,flagged,tce\n";
static const char empty_industry[] = "industry_code,enterprises,flagged,tce\n";

static const struct rank_case cases[] = {
    { "five_one_flagged", five_one_flagged_ents, 5, five_one_flagged_result,
      five_one_flagged_district, five_one_flagged_industry },
    { "seven_two_flagged", seven_two_flagged_ents, 7, seven_two_flagged_result,
      seven_two_flagged_district, seven_two_flagged_industry },
    { "ties_t_then_uscc", ties_t_then_uscc_ents, 5, ties_t_then_uscc_result,
      ties_t_then_uscc_district, ties_t_then_uscc_industry },
    { "bad_value_added_worst", bad_value_added_worst_ents, 6, bad_value_added_worst_result,
      bad_value_added_worst_district, bad_value_added_worst_industry },
    { "round_half_up", round_half_up_ents, 7, round_half_up_result, round_half_up_district,
      round_half_up_industry },
    { "empty", empty_ents, 0, empty_result, empty_district, empty_industry },
};

static struct po_rank_ent *load(struct po_arena *a, const struct ent_row *rows, size_t n)
{
    struct po_rank_ent *e = po_arena_calloc(a, n ? n : 1, sizeof(*e));
    assert_non_null(e);
    for (size_t i = 0; i < n; i++)
        e[i] = (struct po_rank_ent){ po_str_c(rows[i].uscc),
                                     po_str_c(rows[i].district),
                                     po_str_c(rows[i].industry),
                                     rows[i].tce_e8,
                                     rows[i].va_c,
                                     rows[i].va_known };
    return e;
}

static void check_file(const struct rank_case *c, const struct po_rank_result *r,
                       enum po_rank_file which, const char *want)
{
    struct po_buf b = PO_BUF_INIT;
    po_rank_format(&b, r, which);
    assert_false(po_buf_failed(&b));
    if (strcmp(b.buf, want) != 0)
        fail_msg("%s %s:\n--- got\n%s--- want\n%s", c->name, po_rank_file_name(which), b.buf, want);
    po_buf_release(&b);
}

static void test_rank__cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct rank_case *c = &cases[i];
        struct po_arena *a = po_arena_new();
        struct po_err err = PO_ERR_INIT;
        struct po_rank_result r;
        assert_int_equal(
            po_rank_compute(&r, load(a, c->ents, c->n), c->n, SHIPPED_WORST_PCT, a, &err), 0);
        check_file(c, &r, PO_RANK_RESULT_CSV, c->result);
        check_file(c, &r, PO_RANK_DISTRICT_CSV, c->district);
        check_file(c, &r, PO_RANK_INDUSTRY_CSV, c->industry);
        po_arena_destroy(a);
    }
}

/* ceil(N/5) for the sizes around the boundaries. */
static void test_rank__flagged_count_rounds_up(void **state)
{
    (void)state;
    static const struct {
        size_t n, flagged;
    } t[] = { { 0, 0 }, { 1, 1 }, { 4, 1 }, { 5, 1 }, { 6, 2 }, { 7, 2 }, { 10, 2 }, { 11, 3 } };
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        struct po_arena *a = po_arena_new();
        struct po_rank_ent *e = po_arena_calloc(a, t[i].n + 1, sizeof(*e));
        char(*codes)[19] = po_arena_calloc(a, t[i].n + 1, sizeof(*codes));
        for (size_t k = 0; k < t[i].n; k++) {
            memcpy(codes[k], "91140105000000000", 17);
            codes[k][17] = (char)('0' + k % 10);
            e[k] = (struct po_rank_ent){
                po_str_c(codes[k]), po_str_c("140105"), po_str_c("3011"), (int64_t)k, 100, true
            };
        }
        struct po_err err = PO_ERR_INIT;
        struct po_rank_result r;
        assert_int_equal(po_rank_compute(&r, e, t[i].n, SHIPPED_WORST_PCT, a, &err), 0);
        assert_int_equal(r.nflagged, t[i].flagged);
        size_t flagged = 0;
        for (size_t k = 0; k < r.ndistricts; k++)
            flagged += r.districts[k].flagged;
        assert_int_equal(flagged, t[i].flagged);
        po_arena_destroy(a);
    }
}

static void test_rank__negative_tce_is_refused(void **state)
{
    (void)state;
    static const struct ent_row rows[] = {
        { "911401050000000001", "140105", "3011", -1, 100, true },
    };
    struct po_arena *a = po_arena_new();
    struct po_err err = PO_ERR_INIT;
    struct po_rank_result r;
    assert_int_equal(po_rank_compute(&r, load(a, rows, 1), 1, SHIPPED_WORST_PCT, a, &err),
                     PO_EINVAL);
    assert_non_null(strstr(err.msg, "911401050000000001"));
    po_arena_destroy(a);
}

static void test_rank__group_overflow_is_refused(void **state)
{
    (void)state;
    static const struct ent_row rows[] = {
        { "911401050000000001", "140105", "3011", INT64_MAX, 100, true },
        { "911401050000000002", "140105", "3011", 1, 100, true },
    };
    struct po_arena *a = po_arena_new();
    struct po_err err = PO_ERR_INIT;
    struct po_rank_result r;
    assert_int_equal(po_rank_compute(&r, load(a, rows, 2), 2, SHIPPED_WORST_PCT, a, &err),
                     PO_EINVAL);
    assert_non_null(strstr(err.msg, "140105"));
    po_arena_destroy(a);
}

/* Every allocation failure is reported as PO_ENOMEM, never a crash. */
static void test_rank__out_of_memory(void **state)
{
    (void)state;
    const struct rank_case *c = &cases[0];
    for (long fail = 0; fail < 64; fail++) {
        struct po_arena *a = po_arena_new();
        struct po_rank_ent *e = load(a, c->ents, c->n);
        po_arena_fail_after(a, fail);
        struct po_err err = PO_ERR_INIT;
        struct po_rank_result r;
        int rc = po_rank_compute(&r, e, c->n, SHIPPED_WORST_PCT, a, &err);
        po_arena_destroy(a);
        if (rc == 0)
            return;
        assert_int_equal(rc, PO_ENOMEM);
    }
    fail_msg("po_rank_compute still failing after 64 allocations");
}

static void test_rank__put_fixed(void **state)
{
    (void)state;
    static const struct {
        int64_t v;
        int d;
        const char *want;
    } t[] = { { 0, 4, "0.0000" },
              { 1, 3, "0.001" },
              { 2242844781, 3, "2242844.781" },
              { 1000000, 6, "1.000000" },
              { INT64_MAX, 4, "922337203685477.5807" } };
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        struct po_buf b = PO_BUF_INIT;
        po_rank_put_fixed(&b, t[i].v, t[i].d);
        assert_string_equal(b.buf, t[i].want);
        po_buf_release(&b);
    }
}

/* The cut is the caller's (data/city_params.csv intensity_worst_pct): 20 % flags ceil(n/5),
 * 25 % of the same city flags more, and a share outside 1..100 is refused. */
static void test_rank__worst_share_is_a_parameter(void **state)
{
    (void)state;
    static const struct {
        size_t n;
        int pct;
        size_t flagged;
    } t[] = {
        { 10, 20, 2 }, { 10, 25, 3 }, { 11, 20, 3 }, { 11, 25, 3 }, { 12, 25, 3 },
        { 13, 25, 4 }, { 1, 1, 1 },   { 7, 100, 7 }, { 0, 25, 0 },  { 100, 20, 20 },
    };
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        struct po_arena *a = po_arena_new();
        struct po_rank_ent *e = po_arena_calloc(a, t[i].n ? t[i].n : 1, sizeof(*e));
        for (size_t k = 0; k < t[i].n; k++)
            e[k] = (struct po_rank_ent){ { "91150300000000000X", 18 },
                                         { "150302", 6 },
                                         { "C2511", 5 },
                                         (int64_t)(k + 1) * 100000000,
                                         100,
                                         true };
        struct po_rank_result r;
        struct po_err err = PO_ERR_INIT;
        assert_int_equal(po_rank_compute(&r, e, t[i].n, t[i].pct, a, &err), 0);
        if (r.nflagged != t[i].flagged)
            fail_msg("n=%zu pct=%d: %zu flagged, want %zu", t[i].n, t[i].pct, r.nflagged,
                     t[i].flagged);
        assert_int_equal(r.worst_pct, t[i].pct);
        po_arena_destroy(a);
    }
    struct po_arena *a = po_arena_new();
    struct po_rank_result r;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_rank_compute(&r, NULL, 0, 0, a, &err), PO_EINVAL);
    assert_int_equal(po_rank_compute(&r, NULL, 0, 101, a, &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "out of range"));
    po_arena_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rank__worst_share_is_a_parameter),
        cmocka_unit_test(test_rank__cases),
        cmocka_unit_test(test_rank__flagged_count_rounds_up),
        cmocka_unit_test(test_rank__negative_tce_is_refused),
        cmocka_unit_test(test_rank__group_overflow_is_refused),
        cmocka_unit_test(test_rank__out_of_memory),
        cmocka_unit_test(test_rank__put_fixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_meter.c: interval readings to daily/monthly totals (WORKLOAD.md §5), completeness. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/meter.h"
#include "util/arena.h"

struct reading_row {
    const char *uscc, *meter_id, *ts, *type;
    int64_t value_milli;
};

/*
 * Out of order on purpose, with two electricity meters of one enterprise on
 * one day (summed), a year boundary and a zero reading.  Expected bytes are
 * what ../shared/bench/oracle.py meter prints for the same rows.
 */
static const char want_daily[] = "uscc,day,energy_type,readings,total\n"
                                 "91140105MA0000000A,2022-12-31,electricity,1,7.250\n"
                                 "91140105MA0000000A,2023-01-01,electricity,1,0.000\n"
                                 "91140105MA0000000A,2023-01-02,electricity,1,10.000\n"
                                 "91140105MA0000000A,2023-02-28,natural_gas,1,123456.789\n"
                                 "91140105MA0000000B,2023-01-01,electricity,3,3.501\n"
                                 "91140105MA0000000B,2023-01-01,steam,1,0.333\n"
                                 "91140105MA0000000B,2023-01-02,electricity,1,3.000\n";
static const char want_monthly[] = "uscc,month,energy_type,readings,total\n"
                                   "91140105MA0000000A,2022-12,electricity,1,7.250\n"
                                   "91140105MA0000000A,2023-01,electricity,2,10.000\n"
                                   "91140105MA0000000A,2023-02,natural_gas,1,123456.789\n"
                                   "91140105MA0000000B,2023-01,electricity,4,6.501\n"
                                   "91140105MA0000000B,2023-01,steam,1,0.333\n";
static const struct reading_row readings[] = {
    { "91140105MA0000000B", "B-M01", "2023-01-01 00:00:00", "electricity", 1500 },
    { "91140105MA0000000B", "B-M01", "2023-01-01 00:15:00", "electricity", 1 },
    { "91140105MA0000000B", "B-M02", "2023-01-01 00:00:00", "electricity", 2000 },
    { "91140105MA0000000B", "B-M03", "2023-01-01 00:00:00", "steam", 333 },
    { "91140105MA0000000A", "A-M01", "2023-01-02 23:45:00", "electricity", 10000 },
    { "91140105MA0000000A", "A-M01", "2023-01-01 00:00:00", "electricity", 0 },
    { "91140105MA0000000A", "A-M02", "2023-02-28 12:00:00", "natural_gas", 123456789 },
    { "91140105MA0000000A", "A-M01", "2022-12-31 23:45:00", "electricity", 7250 },
    { "91140105MA0000000B", "B-M01", "2023-01-02 00:00:00", "electricity", 3000 },
};

static struct po_meter_time ts(const char *s)
{
    struct po_meter_time t;
    if (!po_meter_time_parse(&t, s, strlen(s)))
        fail_msg("bad timestamp %s", s);
    return t;
}

static int add_rows(struct po_meter_agg *g, size_t from, size_t to, struct po_err *err)
{
    for (size_t i = from; i < to; i++) {
        struct po_meter_time t = ts(readings[i].ts);
        int rc = po_meter_agg_add(g, po_str_c(readings[i].uscc), &t, po_str_c(readings[i].type),
                                  readings[i].value_milli, err);
        if (rc)
            return rc;
    }
    return 0;
}

static void check_files(const struct po_meter_result *r)
{
    struct po_buf b = PO_BUF_INIT;
    po_meter_format(&b, r, PO_METER_DAILY_CSV);
    assert_false(po_buf_failed(&b));
    assert_string_equal(b.buf, want_daily);
    po_buf_reset(&b);
    po_meter_format(&b, r, PO_METER_MONTHLY_CSV);
    assert_string_equal(b.buf, want_monthly);
    po_buf_release(&b);
}

static void test_meter__daily_and_monthly_totals(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_err err = PO_ERR_INIT;
    struct po_meter_agg *g = po_meter_agg_new(a);
    assert_non_null(g);
    size_t n = sizeof(readings) / sizeof(readings[0]);
    assert_int_equal(add_rows(g, 0, n, &err), 0);
    assert_int_equal(po_meter_agg_readings(g), n);
    struct po_meter_result r;
    assert_int_equal(po_meter_agg_finish(&r, g, a, &err), 0);
    check_files(&r);
    assert_string_equal(po_meter_file_name(PO_METER_MONTHLY_CSV), "meter_monthly.csv");
    po_arena_destroy(a);
}

/* Two threads' aggregators merged give the same bytes, whatever the cut. */
static void test_meter__merge_equals_one_pass(void **state)
{
    (void)state;
    size_t n = sizeof(readings) / sizeof(readings[0]);
    for (size_t cut = 0; cut <= n; cut++) {
        struct po_arena *a = po_arena_new(), *b = po_arena_new();
        struct po_err err = PO_ERR_INIT;
        struct po_meter_agg *g1 = po_meter_agg_new(a), *g2 = po_meter_agg_new(b);
        assert_int_equal(add_rows(g1, 0, cut, &err), 0);
        assert_int_equal(add_rows(g2, cut, n, &err), 0);
        assert_int_equal(po_meter_agg_merge(g1, g2, &err), 0);
        po_arena_destroy(b);
        assert_int_equal(po_meter_agg_readings(g1), n);
        struct po_meter_result r;
        assert_int_equal(po_meter_agg_finish(&r, g1, a, &err), 0);
        check_files(&r);
        po_arena_destroy(a);
    }
}

static void test_meter__refuses_negative_and_overflow(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_err err = PO_ERR_INIT;
    struct po_meter_agg *g = po_meter_agg_new(a);
    struct po_meter_time t = ts("2023-01-01 00:00:00");
    assert_int_equal(po_meter_agg_add(g, po_str_c("U"), &t, po_str_c("steam"), -1, &err),
                     PO_EINVAL);
    assert_int_equal(po_meter_agg_add(g, po_str_c(""), &t, po_str_c("steam"), 1, &err), PO_EINVAL);
    assert_int_equal(po_meter_agg_add(g, po_str_c("U"), &t, po_str_c("steam"), INT64_MAX, &err), 0);
    assert_int_equal(po_meter_agg_add(g, po_str_c("U"), &t, po_str_c("steam"), 1, &err), PO_EINVAL);
    po_arena_destroy(a);
}

static void test_meter__time_parse(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        bool ok;
        int y, m, d, hh, mi, ss;
    } t[] = {
        { "2023-01-31 23:45:00", true, 2023, 1, 31, 23, 45, 0 },
        { "2024-02-29 00:00:00", true, 2024, 2, 29, 0, 0, 0 },
        { "2023-02-29 00:00:00", false, 0, 0, 0, 0, 0, 0 },
        { "1900-02-29 00:00:00", false, 0, 0, 0, 0, 0, 0 },
        { "2000-02-29T10:15", true, 2000, 2, 29, 10, 15, 0 },
        { "2023-13-01 00:00:00", false, 0, 0, 0, 0, 0, 0 },
        { "2023-01-01 24:00:00", false, 0, 0, 0, 0, 0, 0 },
        { "2023-01-01 00:60:00", false, 0, 0, 0, 0, 0, 0 },
        { "2023-1-01 00:00:00", false, 0, 0, 0, 0, 0, 0 },
        { "2023/01/01 00:00:00", false, 0, 0, 0, 0, 0, 0 },
        { "2023-01-01", false, 0, 0, 0, 0, 0, 0 },
        { "", false, 0, 0, 0, 0, 0, 0 },
    };
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        struct po_meter_time m;
        bool ok = po_meter_time_parse(&m, t[i].s, strlen(t[i].s));
        if (ok != t[i].ok)
            fail_msg("\"%s\": %d", t[i].s, ok);
        if (ok && (m.y != t[i].y || m.m != t[i].m || m.d != t[i].d || m.hh != t[i].hh ||
                   m.mi != t[i].mi || m.ss != t[i].ss))
            fail_msg("\"%s\": wrong fields", t[i].s);
    }
}

/* A day of one meter in full but for two gaps, a duplicate and an off-grid reading. */
static void test_meter__completeness(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_err err = PO_ERR_INIT;
    struct po_meter_reading r[200];
    size_t n = 0;
    for (int s = 0; s < 96; s++) {
        if (s == 10 || s == 11 || s == 12 || s == 50)
            continue; /* gaps of 3 slots and of 1 */
        r[n++] = (struct po_meter_reading){ po_str_c("U1"),
                                            po_str_c("M1"),
                                            { 2023, 1, 2, s / 4, s % 4 * 15, 0 } };
    }
    r[n++] = (struct po_meter_reading){ po_str_c("U1"), po_str_c("M1"), { 2023, 1, 2, 0, 0, 0 } };
    r[n++] = (struct po_meter_reading){ po_str_c("U1"), po_str_c("M1"), { 2023, 1, 2, 0, 7, 0 } };
    r[n++] = (struct po_meter_reading){ po_str_c("U1"), po_str_c("M1"), { 2023, 1, 5, 0, 0, 0 } };
    r[n++] = (struct po_meter_reading){ po_str_c("U0"), po_str_c("M9"), { 2023, 2, 1, 0, 0, 0 } };

    struct po_meter_window w = { 2023, 1, 2, 2023, 1, 2 }; /* the feed covers Jan 2 only */
    struct po_meter_completeness *c;
    size_t nc;
    assert_int_equal(po_meter_completeness(&c, &nc, r, n, &w, a, &err), 0);
    assert_int_equal(nc, 2);
    assert_true(po_str_eq(c[0].uscc, "U0")); /* sorted; Feb is outside the window */
    assert_int_equal(c[0].expected, 0);
    assert_int_equal(c[0].outside, 1);
    assert_true(po_str_eq(c[1].meter_id, "M1"));
    assert_int_equal(c[1].y, 2023);
    assert_int_equal(c[1].m, 1);
    assert_int_equal(c[1].expected, 96);
    assert_int_equal(c[1].present, 92);
    assert_int_equal(c[1].duplicates, 1);
    assert_int_equal(c[1].off_grid, 1);
    assert_int_equal(c[1].outside, 1);
    assert_int_equal(c[1].gaps, 2);
    assert_int_equal(c[1].longest_gap, 3);

    /* no window: all of January is expected, days 1 and 3..31 are one gap each side */
    assert_int_equal(po_meter_completeness(&c, &nc, r, n, NULL, a, &err), 0);
    assert_int_equal(c[1].expected, 31 * 96);
    assert_int_equal(c[1].present, 93);
    assert_int_equal(c[1].gaps, 5); /* day 1, two in day 2, days 3-4, days 5 (after 00:00)-31 */
    assert_int_equal(c[1].longest_gap, 27 * 96 - 1);
    assert_int_equal(c[0].expected, 28 * 96);

    struct po_meter_window bad = { 2023, 2, 30, 2023, 3, 1 };
    assert_int_equal(po_meter_completeness(&c, &nc, r, n, &bad, a, &err), PO_EINVAL);
    po_arena_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_meter__daily_and_monthly_totals),
        cmocka_unit_test(test_meter__merge_equals_one_pass),
        cmocka_unit_test(test_meter__refuses_negative_and_overflow),
        cmocka_unit_test(test_meter__time_parse),
        cmocka_unit_test(test_meter__completeness),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_deadline.c: legal periods (Civil Code arts. 201-203) against data/cn_holidays.csv.
 *
 * Every row was checked by hand against the calendar file; its comment names
 * the article and the holiday rows it relies on.  The worked examples A-J of
 * data/legal_periods.md §3 are among them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/deadline.h"
#include "core/calfix.h"

/* data/city_params.csv quota_extension_max_months as shipped (tests/refdata/test_cityparams.c) */
#define SHIPPED_EXTENSION_MAX 3

/* clang-format off */
#define D(y, m, d) { y, m, d }
/* clang-format on */

static const struct {
    struct po_date from;
    enum po_period_unit unit;
    int n;
    struct po_date last;     /* reading 1: makeup working days work */
    struct po_date alt_last; /* reading 2: every weekend a rest day */
    const char *why;
} rows[] = {
    /* art. 202: 2022-02 has no 31st -> its last day, a Monday (legal_periods.md example A) */
    { D(2021, 8, 31), PO_PERIOD_MONTHS, 6, D(2022, 2, 28), D(2022, 2, 28), "A: no 31 Feb" },
    /* art. 202, leap year: 2024-02-29 exists (Thursday, after the 02-10..02-17 春节 block) */
    { D(2023, 8, 31), PO_PERIOD_MONTHS, 6, D(2024, 2, 29), D(2024, 2, 29), "leap: 2024-02-29" },
    /* art. 202, common year: 2023 has no 29 Feb -> 2023-02-28 (Tuesday) */
    { D(2022, 8, 31), PO_PERIOD_MONTHS, 6, D(2023, 2, 28), D(2023, 2, 28), "common: 2023-02-28" },
    /* art. 202: one year from 29 Feb -> 2025-02-28 (Friday) (example J) */
    { D(2024, 2, 29), PO_PERIOD_MONTHS, 12, D(2025, 2, 28), D(2025, 2, 28),
      "J: 1 year from 29 Feb" },
    /* art. 202 anchor is the start date itself: SPC 2014 example 05-28 + 3 months = 08-28;
     * 2024-08-28 is a Wednesday with no calendar row */
    { D(2024, 5, 28), PO_PERIOD_MONTHS, 3, D(2024, 8, 28), D(2024, 8, 28), "anchor, not start+1" },
    /* art. 203, National Day: 2024-10-01 is in the 国庆节 block 10-01..10-07 -> 10-08 (Tue)
     * (example C) */
    { D(2024, 7, 1), PO_PERIOD_MONTHS, 3, D(2024, 10, 8), D(2024, 10, 8), "C: National Day 2024" },
    /* art. 203, National Day days period: 2023-09-30 is in the 国庆节 block 09-29..10-06;
     * 10-07 (Sat) is a makeup working day, so reading 1 ends there, reading 2 on Mon 10-09 */
    { D(2023, 9, 20), PO_PERIOD_DAYS, 10, D(2023, 10, 7), D(2023, 10, 9), "National Day 2023" },
    /* art. 203, Spring Festival: 2025-01-29 is in the 春节 block 01-28..02-04 -> Wed 02-05 */
    { D(2024, 7, 29), PO_PERIOD_MONTHS, 6, D(2025, 2, 5), D(2025, 2, 5), "Spring Festival 2025" },
    /* art. 203, Spring Festival days period: 2024-02-15 in 春节 02-10..02-17; 02-18 (Sun) is a
     * makeup working day (example E) */
    { D(2024, 1, 31), PO_PERIOD_DAYS, 15, D(2024, 2, 18), D(2024, 2, 19),
      "E: Spring Festival 2024" },
    /* a 2020 春节 day extended by 国办发明电〔2020〕1号 to 02-02 -> Mon 02-03 (example H) */
    { D(2020, 1, 20), PO_PERIOD_DAYS, 10, D(2020, 2, 3), D(2020, 2, 3), "H: 2020 extension" },
    /* ends on a makeup working day: 2024-09-29 (Sun) workday for 国庆节 2024 (example D) */
    { D(2024, 9, 14), PO_PERIOD_DAYS, 15, D(2024, 9, 29), D(2024, 9, 30), "D: makeup Sunday" },
    /* ends on a makeup Saturday before 春节 2026: 02-14 workday, block 02-15..02-23 (example G) */
    { D(2026, 1, 14), PO_PERIOD_MONTHS, 1, D(2026, 2, 14), D(2026, 2, 24), "G: makeup Saturday" },
    /* 清明节 2024 block 04-04..04-06; 04-07 (Sun) makeup working day (example F) */
    { D(2024, 3, 26), PO_PERIOD_DAYS, 10, D(2024, 4, 7), D(2024, 4, 8), "F: Qingming 2024" },
    /* ordinary Saturday, no calendar row: 2022-05-28 -> Mon 05-30 (example B's nominal day) */
    { D(2022, 2, 28), PO_PERIOD_MONTHS, 3, D(2022, 5, 30), D(2022, 5, 30), "Saturday" },
    /* ordinary Sunday, no calendar row: 2022-05-29 -> Mon 05-30 */
    { D(2022, 4, 29), PO_PERIOD_MONTHS, 1, D(2022, 5, 30), D(2022, 5, 30), "Sunday" },
    /* 元旦 2024 block with the weekend 2023-12-30..2024-01-01 -> Tue 01-02 (example I) */
    { D(2023, 11, 30), PO_PERIOD_MONTHS, 1, D(2024, 1, 2), D(2024, 1, 2), "I: New Year 2024" },
    /* days period across a year end, weekday end, holidays inside not deducted:
     * 2024-12-20 + 30 days = 2025-01-19 (Sun, no row) -> Mon 01-20 */
    { D(2024, 12, 20), PO_PERIOD_DAYS, 30, D(2025, 1, 20), D(2025, 1, 20), "days across 元旦" },
    /* days period on a weekday: 2021-03-01 + 9 = 2021-03-10 (Wed) */
    { D(2021, 3, 1), PO_PERIOD_DAYS, 9, D(2021, 3, 10), D(2021, 3, 10), "plain weekday" },
};

static void test_deadline__table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct po_err err = PO_ERR_INIT;
        struct po_period p;
        char got[PO_DATE_BUFSZ], want[PO_DATE_BUFSZ], alt[PO_DATE_BUFSZ];
        if (po_deadline_period(&p, &cal, rows[i].from, rows[i].unit, rows[i].n, &err) < 0)
            fail_msg("%s: %s", rows[i].why, err.msg);
        po_deadline_format_date(got, sizeof(got), p.last);
        po_deadline_format_date(want, sizeof(want), rows[i].last);
        po_deadline_format_date(alt, sizeof(alt), p.alt_last);
        if (strcmp(got, want) != 0)
            fail_msg("%s: last %s, want %s", rows[i].why, got, want);
        po_deadline_format_date(want, sizeof(want), rows[i].alt_last);
        if (strcmp(alt, want) != 0)
            fail_msg("%s: other reading %s, want %s", rows[i].why, alt, want);
    }
}

static void test_deadline__moved_over_names_the_holiday(void **state)
{
    (void)state;
    struct po_err err = PO_ERR_INIT;
    struct po_period p;
    assert_int_equal(
        po_deadline_period(&p, &cal, (struct po_date)D(2024, 7, 1), PO_PERIOD_MONTHS, 3, &err), 0);
    assert_string_equal(p.moved_over, "国庆节");
    assert_string_equal(p.moved_source, "国办发明电〔2023〕7号");
    assert_false(p.clamped);
    /* a plain weekend moves with no holiday name */
    assert_int_equal(
        po_deadline_period(&p, &cal, (struct po_date)D(2022, 2, 28), PO_PERIOD_MONTHS, 3, &err), 0);
    assert_null(p.moved_over);
    assert_int_equal(
        po_deadline_period(&p, &cal, (struct po_date)D(2024, 9, 14), PO_PERIOD_DAYS, 15, &err), 0);
    assert_true(p.makeup_end);
}

/* never guessed: a year outside the calendar is an error naming it */
static void test_deadline__year_without_data_is_reported(void **state)
{
    (void)state;
    struct po_err err = PO_ERR_INIT;
    struct po_period p;
    int rc =
        po_deadline_period(&p, &cal, (struct po_date)D(2026, 12, 1), PO_PERIOD_MONTHS, 1, &err);
    assert_int_equal(rc, PO_ENOTFOUND);
    assert_non_null(strstr(err.msg, "2027"));
    assert_non_null(strstr(err.msg_zh, "2027"));
    err = (struct po_err)PO_ERR_INIT;
    rc = po_deadline_period(&p, &cal, (struct po_date)D(2019, 1, 2), PO_PERIOD_DAYS, 3, &err);
    assert_int_equal(rc, PO_ENOTFOUND);
    assert_non_null(strstr(err.msg, "2019"));
}

/* a pure calendar built in the test: rolling out of the last covered year is reported too */
static void test_deadline__roll_out_of_covered_years(void **state)
{
    (void)state;
    static const struct po_cal_entry e[] = {
        { D(2030, 12, 31), PO_CAL_HOLIDAY, "test", "test" },
    };
    const struct po_calendar c = { e, 1, 2030, 2030, "test", PO_CAL_UNCOVERED_ERROR };
    struct po_err err = PO_ERR_INIT;
    struct po_period p;
    assert_int_equal(po_deadline_calendar_check(&c, &err), 0);
    int rc = po_deadline_period(&p, &c, (struct po_date)D(2030, 12, 21), PO_PERIOD_DAYS, 10, &err);
    assert_int_equal(rc, PO_ENOTFOUND);
    assert_non_null(strstr(err.msg, "2031"));
}

/*
 * Provisional results (PO_CAL_UNCOVERED_WEEKENDS): a day in a year the calendar lacks is a
 * rest day only on a Saturday or Sunday, and the period says so, naming the first such year.
 * Weekdays checked by hand: 2027-05-27 Thu, 2027-05-29 Sat, 2027-01-19 Tue, 2027-03-01 Mon,
 * 2019-01-05 Sat.
 */
static const struct {
    struct po_date from;
    enum po_period_unit unit;
    int n;
    struct po_date last;
    int uncovered_year; /* 0: not provisional */
    const char *why;
} prov_rows[] = {
    /* 2026-11-27 + 6 months = Thu 2027-05-27: a weekday, kept, but provisional */
    { D(2026, 11, 27), PO_PERIOD_MONTHS, 6, D(2027, 5, 27), 2027, "uncovered, weekday" },
    /* 2026-11-29 + 6 months = Sat 2027-05-29 -> Mon 05-31 (weekends only) */
    { D(2026, 11, 29), PO_PERIOD_MONTHS, 6, D(2027, 5, 31), 2027, "uncovered, Saturday" },
    /* spanning the boundary: 2026-12-20 + 30 days = Tue 2027-01-19 (holidays inside are not
     * deducted, so only the last day is classified) */
    { D(2026, 12, 20), PO_PERIOD_DAYS, 30, D(2027, 1, 19), 2027, "across 2026/2027" },
    /* 2026-08-31 + 6 months: 2027 has no 29 Feb -> Sun 02-28 -> Mon 03-01 */
    { D(2026, 8, 31), PO_PERIOD_MONTHS, 6, D(2027, 3, 1), 2027, "clamped, Sunday" },
    /* before the calendar: 2019-01-02 + 3 days = Sat 01-05 -> Mon 01-07 */
    { D(2019, 1, 2), PO_PERIOD_DAYS, 3, D(2019, 1, 7), 2019, "year before the calendar" },
    /* a covered year is unchanged: National Day 2024 (example C) */
    { D(2024, 7, 1), PO_PERIOD_MONTHS, 3, D(2024, 10, 8), 0, "covered: National Day 2024" },
    /* covered, ends on the last covered day's week: 2026-11-28 + 1 month = Mon 12-28 */
    { D(2026, 11, 28), PO_PERIOD_MONTHS, 1, D(2026, 12, 28), 0, "covered: 2026-12-28" },
};

static void test_deadline__provisional_table(void **state)
{
    (void)state;
    struct po_calendar wk = cal;
    wk.uncovered = PO_CAL_UNCOVERED_WEEKENDS;
    for (size_t i = 0; i < sizeof(prov_rows) / sizeof(prov_rows[0]); i++) {
        struct po_err err = PO_ERR_INIT;
        struct po_period p;
        char got[PO_DATE_BUFSZ], want[PO_DATE_BUFSZ];
        if (po_deadline_period(&p, &wk, prov_rows[i].from, prov_rows[i].unit, prov_rows[i].n,
                               &err) < 0)
            fail_msg("%s: %s", prov_rows[i].why, err.msg);
        po_deadline_format_date(got, sizeof(got), p.last);
        po_deadline_format_date(want, sizeof(want), prov_rows[i].last);
        if (strcmp(got, want) != 0)
            fail_msg("%s: last %s, want %s", prov_rows[i].why, got, want);
        if (p.provisional != (prov_rows[i].uncovered_year != 0) ||
            p.uncovered_year != prov_rows[i].uncovered_year)
            fail_msg("%s: provisional %d year %d", prov_rows[i].why, p.provisional,
                     p.uncovered_year);
        if (p.provisional && po_date_cmp(p.alt_last, p.last) != 0)
            fail_msg("%s: no makeup days are guessed, so both readings agree", prov_rows[i].why);
        /* the same period under the default is refused exactly when it is provisional */
        err = (struct po_err)PO_ERR_INIT;
        int rc = po_deadline_period(&p, &cal, prov_rows[i].from, prov_rows[i].unit, prov_rows[i].n,
                                    &err);
        assert_int_equal(rc, prov_rows[i].uncovered_year ? PO_ENOTFOUND : 0);
    }
}

/* rolling out of the last covered year is provisional too, and names the year rolled into */
static void test_deadline__provisional_roll_across_the_boundary(void **state)
{
    (void)state;
    static const struct po_cal_entry e[] = {
        { D(2030, 12, 31), PO_CAL_HOLIDAY, "test", "test" },
    };
    const struct po_calendar c = { e, 1, 2030, 2030, "test", PO_CAL_UNCOVERED_WEEKENDS };
    struct po_err err = PO_ERR_INIT;
    struct po_period p;
    /* 2030-12-21 + 10 days = 12-31 (a holiday of the test calendar) -> Wed 2031-01-01, which
     * no notice covers: not guessed a holiday, but provisional */
    assert_int_equal(
        po_deadline_period(&p, &c, (struct po_date)D(2030, 12, 21), PO_PERIOD_DAYS, 10, &err), 0);
    assert_int_equal(po_date_cmp(p.last, (struct po_date)D(2031, 1, 1)), 0);
    assert_true(p.provisional);
    assert_int_equal(p.uncovered_year, 2031);
    assert_string_equal(p.moved_over, "test");
}

static void test_deadline__provisional_extension_and_note(void **state)
{
    (void)state;
    struct po_calendar wk = cal;
    wk.uncovered = PO_CAL_UNCOVERED_WEEKENDS;
    struct po_err err = PO_ERR_INIT;
    struct po_period p;
    struct po_extension x;
    /* covered period (2024-10-08), covered extension: final */
    assert_int_equal(
        po_deadline_period(&p, &wk, (struct po_date)D(2024, 7, 1), PO_PERIOD_MONTHS, 3, &err), 0);
    assert_int_equal(po_deadline_extend(&x, &wk, &p, 3, SHIPPED_EXTENSION_MAX, &err), 0);
    assert_false(x.provisional);
    /* 2026-07-30 + 3 months = Fri 2026-10-30: covered, final; extended by 3 months from there,
     * or as one period of 6 months, it ends on Sat 2027-01-30: provisional */
    assert_int_equal(
        po_deadline_period(&p, &wk, (struct po_date)D(2026, 7, 30), PO_PERIOD_MONTHS, 3, &err), 0);
    assert_false(p.provisional);
    assert_int_equal(po_deadline_extend(&x, &wk, &p, 3, SHIPPED_EXTENSION_MAX, &err), 0);
    assert_true(x.provisional);
    assert_int_equal(x.uncovered_year, 2027);
    char zh[PO_DEADLINE_NOTE_BUFSZ], en[PO_DEADLINE_NOTE_BUFSZ];
    po_deadline_provisional_note(zh, sizeof(zh), en, sizeof(en), 2027);
    assert_string_equal(zh,
                        "2027 年节假日安排尚未载入，期限按周末推算，待国务院办公厅通知发布后重算");
    assert_string_equal(en, "no holiday calendar for 2027 yet: counted with weekends only; "
                            "recomputed when the State Council's notice is loaded");
}

static void test_deadline__extension(void **state)
{
    (void)state;
    struct po_err err = PO_ERR_INIT;
    struct po_period p;
    struct po_extension x;
    /* example B: A + 3 months from 2022-02-28 -> Sat 05-28 -> Mon 05-30; B' (9 months from
     * 2021-08-31) is 05-31: the earlier, B, is the result */
    assert_int_equal(
        po_deadline_period(&p, &cal, (struct po_date)D(2021, 8, 31), PO_PERIOD_MONTHS, 6, &err), 0);
    assert_int_equal(po_deadline_extend(&x, &cal, &p, 3, SHIPPED_EXTENSION_MAX, &err), 0);
    assert_int_equal(x.chosen, PO_EXT_FROM_NOMINAL);
    assert_int_equal(po_date_cmp(x.reading[x.chosen].last, (struct po_date)D(2022, 5, 30)), 0);
    assert_true(x.has[PO_EXT_COMBINED]);
    assert_int_equal(po_date_cmp(x.reading[PO_EXT_COMBINED].last, (struct po_date)D(2022, 5, 31)),
                     0);
    /* examples C' / C'': from the nominal 2024-10-01 -> 元旦 2025-01-01 -> 01-02; from the moved
     * 10-08 -> 2025-01-08.  The earlier is the result. */
    assert_int_equal(
        po_deadline_period(&p, &cal, (struct po_date)D(2024, 7, 1), PO_PERIOD_MONTHS, 3, &err), 0);
    assert_int_equal(po_deadline_extend(&x, &cal, &p, 3, SHIPPED_EXTENSION_MAX, &err), 0);
    assert_int_equal(po_date_cmp(x.reading[x.chosen].last, (struct po_date)D(2025, 1, 2)), 0);
    assert_true(x.has[PO_EXT_FROM_MOVED]);
    assert_int_equal(po_date_cmp(x.reading[PO_EXT_FROM_MOVED].last, (struct po_date)D(2025, 1, 8)),
                     0);
}

static void test_deadline__extension_limits(void **state)
{
    (void)state;
    static const struct {
        int months, granted, rc;
        const char *why;
    } t[] = {
        { 3, 0, 0, "3 months, first: allowed" },
        { 1, 0, 0, "1 month, first: allowed" },
        { 4, 0, PO_EINVAL, "over the shipped cap" },
        { 0, 0, PO_EINVAL, "zero months" },
        { -1, 0, PO_EINVAL, "negative" },
        { 1, 1, PO_EINVAL, "second extension" },
    };
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        struct po_err err = PO_ERR_INIT;
        if (po_deadline_extension_check(t[i].months, t[i].granted, SHIPPED_EXTENSION_MAX, &err) !=
            t[i].rc)
            fail_msg("%s", t[i].why);
        if (t[i].rc)
            assert_true(err.msg[0] && err.msg_zh[0]);
    }
    /* the cap is the city's: one of 2 months refuses the 3 the shipped cap allows */
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_deadline_extension_check(3, 0, 2, &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "1 to 2 months"));
    assert_int_equal(po_deadline_extension_check(2, 0, 2, &err), 0);
    assert_int_equal(po_deadline_extension_check(4, 0, 6, &err), 0);
}

static void test_deadline__dates(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int ok;
    } t[] = {
        { "2024-02-29", 1 }, { "2023-02-29", 0 }, { "2024-13-01", 0 }, { "2024-1-01", 0 },
        { "2024/01/01", 0 }, { "20240101", 0 },   { "2024-00-10", 0 }, { "0000-01-01", 0 },
        { "2024-04-31", 0 }, { "2024-12-31", 1 }, { "2024-01-0a", 0 }, { "", 0 },
    };
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        struct po_err err = PO_ERR_INIT;
        struct po_date d;
        int rc = po_deadline_parse_date(&d, t[i].s, strlen(t[i].s), &err);
        if ((rc == 0) != t[i].ok)
            fail_msg("parse %s: rc %d", t[i].s, rc);
        if (rc == 0) {
            char b[PO_DATE_BUFSZ];
            assert_string_equal(po_deadline_format_date(b, sizeof(b), d), t[i].s);
        }
    }
    struct po_date a = D(2024, 2, 28), b = D(2024, 3, 1);
    assert_int_equal(po_deadline_days_between(a, b), 2);
    assert_int_equal(po_date_cmp(a, b), -1);
    assert_int_equal(po_date_cmp(po_deadline_add_days(a, 2), b), 0);
    assert_int_equal(po_deadline_weekday((struct po_date)D(2024, 10, 1)), 2); /* Tuesday */
    assert_int_equal(po_deadline_weekday((struct po_date)D(2026, 2, 14)), 6); /* Saturday */
    assert_int_equal(po_deadline_weekday((struct po_date)D(1970, 1, 1)), 4);  /* Thursday */
    assert_int_equal(
        po_deadline_days_between((struct po_date)D(2000, 1, 1), (struct po_date)D(2001, 1, 1)),
        366);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deadline__table),
        cmocka_unit_test(test_deadline__moved_over_names_the_holiday),
        cmocka_unit_test(test_deadline__year_without_data_is_reported),
        cmocka_unit_test(test_deadline__roll_out_of_covered_years),
        cmocka_unit_test(test_deadline__provisional_table),
        cmocka_unit_test(test_deadline__provisional_roll_across_the_boundary),
        cmocka_unit_test(test_deadline__provisional_extension_and_note),
        cmocka_unit_test(test_deadline__extension),
        cmocka_unit_test(test_deadline__extension_limits),
        cmocka_unit_test(test_deadline__dates),
    };
    return cmocka_run_group_tests(tests, cal_setup, cal_teardown);
}

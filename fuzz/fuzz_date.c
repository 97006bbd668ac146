/*
 * fuzz_date.c: libFuzzer target for civil dates and legal periods (core/date.h,
 * core/deadline.h) as the CLI, the API (as_of=, event dates of case actions) and imports give
 * them, against the compiled-in holiday calendar.
 *
 * Input: a date text up to the first '\n' (any length: po_date_parse must refuse all but a real
 * YYYY-MM-DD), then bytes choosing unit, length n, extension months, the city's cap and what a
 * year outside the calendar does.  Aborts (a finding) when:
 *   - po_date_parse() and po_deadline_parse_date() disagree, a parsed date is not valid or does
 *     not format back to the same text, or a failure has no message in both languages;
 *   - day arithmetic does not round-trip (d + k - k, days_between, the weekday every 7 days);
 *   - a period's nominal day is not start + n days (or the corresponding day n months on,
 *     art. 202), its last day is before it, a day between them is not a rest day, or the last
 *     day itself is a rest day (art. 203) — for both readings;
 *   - an extension's chosen reading is not the earliest one.
 */
#include <stdbool.h>

#include "core/deadline.h"
#include "refdata/calendar.h"
#include "util/arena.h"
#include "fuzzutil.h"

static struct po_calendar cal;

static void load_calendar(void)
{
    static struct po_arena *a;
    if (a)
        return;
    struct po_err err = PO_ERR_INIT;
    a = po_arena_new();
    if (!a || po_calendar_load(&cal, a, &err) != 0)
        abort();
}

static bool valid_text(const char *s, size_t n)
{
    if (n != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (size_t i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    return true;
}

static bool rest(struct po_date d, bool makeup_is_workday)
{
    bool r = false;
    struct po_err err = PO_ERR_INIT;
    if (po_deadline_is_rest_day(&r, &cal, d, makeup_is_workday, &err) != 0)
        abort(); /* the period was computed, so every day it classified is classifiable */
    return r;
}

static void check_last(const struct po_period *p, struct po_date last, bool makeup_is_workday)
{
    if (!po_deadline_date_valid(last) || po_date_cmp(last, p->nominal) < 0)
        abort();
    long span = po_deadline_days_between(p->nominal, last);
    if (span > 60)
        abort(); /* no holiday block is that long */
    for (long k = 0; k < span; k++)
        if (!rest(po_deadline_add_days(p->nominal, k), makeup_is_workday))
            abort();
    if (rest(last, makeup_is_workday))
        abort();
}

static void check_period(const struct po_period *p, struct po_date start, enum po_period_unit unit,
                         int n)
{
    struct po_date want;
    if (unit == PO_PERIOD_DAYS) {
        want = po_deadline_add_days(start, n);
    } else {
        bool clamped = false;
        want = po_deadline_add_months(start, n, &clamped);
        if (clamped != p->clamped || want.d > start.d || (!clamped && want.d != start.d))
            abort();
    }
    if (po_date_cmp(want, p->nominal) != 0 || po_date_cmp(p->nominal, start) <= 0)
        abort();
    enum po_cal_uncovered saved = cal.uncovered;
    cal.uncovered = PO_CAL_UNCOVERED_WEEKENDS; /* classify the days as the period did */
    check_last(p, p->last, true);
    check_last(p, p->alt_last, false);
    cal.uncovered = saved;
    if (p->provisional != (p->uncovered_year != 0))
        abort();
}

static void arithmetic(struct po_date d, long k)
{
    struct po_date e = po_deadline_add_days(d, k);
    if (!po_deadline_date_valid(e) || po_date_cmp(po_deadline_add_days(e, -k), d) != 0 ||
        po_deadline_days_between(d, e) != k)
        abort();
    if (po_deadline_weekday(po_deadline_add_days(d, 7)) != po_deadline_weekday(d))
        abort();
    int wd = po_deadline_weekday(d);
    if (wd < 1 || wd > 7)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    load_calendar();
    const uint8_t *nl = memchr(data, '\n', size);
    size_t tlen = nl ? (size_t)(nl - data) : size;
    const char *text = (const char *)data;
    const uint8_t *rest_ = nl ? nl + 1 : data + size;
    size_t rn = (size_t)(data + size - rest_);

    struct po_date d = { 0, 0, 0 }, d2 = { 0, 0, 0 };
    struct po_err err = PO_ERR_INIT;
    int a = po_date_parse(&d, text, tlen);
    int b = po_deadline_parse_date(&d2, text, tlen, &err);
    if ((a == 0) != (b == 0) || (a != 0 && a != -1))
        abort();
    fuzz_check_err(b, &err);
    if (a != 0) {
        if (d.y || d.m || d.d)
            abort(); /* out untouched on failure */
        return 0;
    }
    char buf[PO_DATE_BUFSZ];
    if (!valid_text(text, tlen) || !po_deadline_date_valid(d) || po_date_cmp(d, d2) != 0 ||
        tlen != 10 || memcmp(po_deadline_format_date(buf, sizeof buf, d), text, 10) != 0)
        abort();
    if (po_deadline_days_in_month(d.y, d.m) < d.d)
        abort();

    /* the options: unit, n (2 bytes), uncovered, extension months, cap */
    uint8_t o[6] = { 0 };
    memcpy(o, rest_, rn < sizeof o ? rn : sizeof o);
    enum po_period_unit unit = o[0] & 1 ? PO_PERIOD_MONTHS : PO_PERIOD_DAYS;
    int n = (int)(o[1] | o[2] << 8) - 64;
    long k = (long)(o[1] | o[2] << 8) * (o[0] & 2 ? -1 : 1);
    if (d.y > 200 && d.y < 9800)
        arithmetic(d, k);
    cal.uncovered = o[3] & 1 ? PO_CAL_UNCOVERED_WEEKENDS : PO_CAL_UNCOVERED_ERROR;
    struct po_period p;
    struct po_err perr = PO_ERR_INIT;
    int rc = po_deadline_period(&p, &cal, d, unit, n, &perr);
    fuzz_check_err(rc, &perr);
    if (rc == 0) {
        check_period(&p, d, unit, n);
        struct po_extension x;
        struct po_err xerr = PO_ERR_INIT;
        int months = (int)(o[4] % 8) - 1, cap = (int)(o[5] % 6);
        rc = po_deadline_extend(&x, &cal, &p, months, cap, &xerr);
        fuzz_check_err(rc, &xerr);
        if (rc == 0) {
            if (!x.has[PO_EXT_FROM_NOMINAL] || !x.has[x.chosen])
                abort();
            for (int i = 0; i < PO_EXT_NBASES; i++)
                if (x.has[i] && po_date_cmp(x.reading[i].last, x.reading[x.chosen].last) < 0)
                    abort();
        }
    } else if (rc != PO_EINVAL && rc != PO_ENOTFOUND) {
        abort();
    }
    cal.uncovered = PO_CAL_UNCOVERED_ERROR;
    return 0;
}

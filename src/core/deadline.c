/*
 * deadline.c: civil dates and legal periods under Civil Code arts. 201-203.
 *
 * Dates convert to a day number (days since 1970-01-01, proleptic
 * Gregorian, Hinnant's days_from_civil) for day arithmetic only; months are
 * counted on the (y, m, d) triple, because art. 202 speaks of the
 * corresponding day, not of a number of days.  Nothing here knows a holiday
 * by itself: the calendar is data, and a year it does not cover is an
 * error, because a guessed holiday can void an order.  The one exception
 * is asked for by the caller (PO_CAL_UNCOVERED_WEEKENDS, for a case whose
 * order cannot wait for next year's notice): such a year is counted with
 * its weekends only and every result that looked into it carries the flag
 * and the year, so it is reported and recomputed, never silently kept.
 */
#include "core/deadline.h"

#include <stdio.h>

static long days_from_civil(int y0, int m, int d)
{
    long y = m <= 2 ? y0 - 1 : y0;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long mp = (m + 9) % 12;
    long doy = (153 * mp + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static struct po_date civil_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    struct po_date r = { (int)(m <= 2 ? y + 1 : y), (int)m, (int)d };
    return r;
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int po_deadline_days_in_month(int y, int m)
{
    static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && leap(y) ? 29 : mdays[m - 1];
}

bool po_deadline_date_valid(struct po_date d)
{
    return d.y >= 1 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
           d.d <= po_deadline_days_in_month(d.y, d.m);
}

int po_deadline_parse_date(struct po_date *out, const char *s, size_t len, struct po_err *err)
{
    struct po_date d;
    if (po_date_parse(&d, s, len) < 0)
        return po_err_set(err, PO_EINVAL, "日期“%.*s”无效（应为 YYYY-MM-DD 格式的真实日期）",
                          "invalid date \"%.*s\" (want a real date as YYYY-MM-DD)",
                          (int)(len > 64 ? 64 : len), s);
    *out = d;
    return 0;
}

char *po_deadline_format_date(char *buf, size_t n, struct po_date d)
{
    snprintf(buf, n, "%04d-%02d-%02d", d.y, d.m, d.d);
    return buf;
}

struct po_date po_deadline_add_days(struct po_date d, long n)
{
    return civil_from_days(days_from_civil(d.y, d.m, d.d) + n);
}

long po_deadline_days_between(struct po_date a, struct po_date b)
{
    return days_from_civil(b.y, b.m, b.d) - days_from_civil(a.y, a.m, a.d);
}

int po_deadline_weekday(struct po_date d)
{
    long z = days_from_civil(d.y, d.m, d.d); /* 1970-01-01 was a Thursday (4) */
    long w = (z % 7 + 7 + 3) % 7;            /* 0 = Monday */
    return (int)w + 1;
}

/* Civil Code art. 202: the corresponding day of the due month, or its last day. */
struct po_date po_deadline_add_months(struct po_date d, int n, bool *clamped)
{
    long idx = (long)d.y * 12 + (d.m - 1) + n;
    struct po_date r = { (int)(idx / 12), (int)(idx % 12) + 1, d.d };
    int last = po_deadline_days_in_month(r.y, r.m);
    bool c = r.d > last;
    if (c)
        r.d = last;
    if (clamped)
        *clamped = c;
    return r;
}

/* ---- calendar ---- */

int po_deadline_calendar_check(const struct po_calendar *cal, struct po_err *err)
{
    char b[PO_DATE_BUFSZ];
    if (cal->first_year > cal->last_year)
        return po_err_set(err, PO_EINVAL, "节假日日历不覆盖任何年份",
                          "the holiday calendar covers no year");
    for (size_t i = 0; i < cal->n; i++) {
        const struct po_cal_entry *e = &cal->entries[i];
        po_deadline_format_date(b, sizeof(b), e->date);
        if (!po_deadline_date_valid(e->date) || e->date.y < cal->first_year ||
            e->date.y > cal->last_year)
            return po_err_set(err, PO_EINVAL, "节假日日历的日期 %s 无效或不在覆盖年份内",
                              "calendar date %s is invalid or outside the covered years", b);
        if (i > 0 && po_date_cmp(cal->entries[i - 1].date, e->date) >= 0)
            return po_err_set(err, PO_EINVAL, "节假日日历在 %s 处未排序或重复",
                              "calendar not sorted or duplicated at %s", b);
        if (e->kind == PO_CAL_WORKDAY && po_deadline_weekday(e->date) < 6)
            return po_err_set(err, PO_EINVAL, "调休上班日 %s 不是周末",
                              "makeup working day %s is not a weekend day", b);
        if (e->kind != PO_CAL_WORKDAY && e->kind != PO_CAL_HOLIDAY)
            return po_err_set(err, PO_EINVAL, "节假日日历 %s 的类别无效",
                              "calendar entry %s has an invalid kind", b);
    }
    return 0;
}

const struct po_cal_entry *po_deadline_calendar_find(const struct po_calendar *cal,
                                                     struct po_date d)
{
    size_t lo = 0, hi = cal->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = po_date_cmp(cal->entries[mid].date, d);
        if (c == 0)
            return &cal->entries[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static int covered(const struct po_calendar *cal, struct po_date d, struct po_err *err)
{
    if (d.y >= cal->first_year && d.y <= cal->last_year)
        return 0;
    char b[PO_DATE_BUFSZ];
    po_deadline_format_date(b, sizeof(b), d);
    return po_err_set(
        err, PO_ENOTFOUND,
        "节假日日历没有 %d 年的数据（日历覆盖 %d–%d 年），无法判断 %s 是否为法定休假日",
        "the holiday calendar has no data for year %d (it covers %d-%d), so "
        "whether %s is a statutory holiday is unknown",
        d.y, cal->first_year, cal->last_year, b);
}

/* Whether d is a rest day; *guessed set when d's year is not covered and was counted with
 * weekends only (PO_CAL_UNCOVERED_WEEKENDS). */
static int rest_day(bool *out, bool *guessed, const struct po_calendar *cal, struct po_date d,
                    bool makeup_is_workday, struct po_err *err)
{
    *guessed = false;
    if (cal->uncovered == PO_CAL_UNCOVERED_WEEKENDS &&
        (d.y < cal->first_year || d.y > cal->last_year)) {
        *guessed = true;
        *out = po_deadline_weekday(d) >= 6;
        return 0;
    }
    int rc = covered(cal, d, err);
    if (rc < 0)
        return rc;
    const struct po_cal_entry *e = po_deadline_calendar_find(cal, d);
    if (e && e->kind == PO_CAL_HOLIDAY)
        *out = true;
    else if (e && e->kind == PO_CAL_WORKDAY && makeup_is_workday)
        *out = false;
    else
        *out = po_deadline_weekday(d) >= 6;
    return 0;
}

int po_deadline_is_rest_day(bool *out, const struct po_calendar *cal, struct po_date d,
                            bool makeup_is_workday, struct po_err *err)
{
    bool guessed;
    return rest_day(out, &guessed, cal, d, makeup_is_workday, err);
}

/*
 * Civil Code art. 203: a last day that is a rest day moves to the day after
 * the rest ends, i.e. forward to the first day that is not a rest day.
 */
static int roll(struct po_date *out, struct po_period *p, const struct po_calendar *cal,
                struct po_date d, bool makeup_is_workday, struct po_err *err)
{
    for (;;) {
        bool rest, guessed;
        int rc = rest_day(&rest, &guessed, cal, d, makeup_is_workday, err);
        if (rc < 0)
            return rc;
        if (guessed && !p->provisional) {
            p->provisional = true;
            p->uncovered_year = d.y;
        } else if (guessed && d.y < p->uncovered_year) {
            p->uncovered_year = d.y;
        }
        if (!rest)
            break;
        d = po_deadline_add_days(d, 1);
    }
    *out = d;
    return 0;
}

int po_deadline_period(struct po_period *out, const struct po_calendar *cal, struct po_date start,
                       enum po_period_unit unit, int n, struct po_err *err)
{
    char b[PO_DATE_BUFSZ];
    if (!po_deadline_date_valid(start) || start.y > 9000)
        return po_err_set(err, PO_EINVAL, "起算日期 %s 无效", "invalid start date %s",
                          po_deadline_format_date(b, sizeof(b), start));
    int max = unit == PO_PERIOD_DAYS ? 36600 : 1200;
    if (n < 1 || n > max)
        return po_err_set(err, PO_EINVAL, "期间长度 %d 超出范围（1–%d）",
                          "period length %d out of range (1-%d)", n, max);
    struct po_period p = { .start = start, .unit = unit, .n = n };
    /* art. 201: the start day is not counted, so start + n days is the n-th day counted;
     * art. 202: for months the anchor is the start date itself (SPC 2014 example,
     * 2014-05-28 + 3 months = 2014-08-28), not the day after. */
    if (unit == PO_PERIOD_DAYS)
        p.nominal = po_deadline_add_days(start, n);
    else
        p.nominal = po_deadline_add_months(start, n, &p.clamped);
    int rc = roll(&p.last, &p, cal, p.nominal, true, err);
    if (rc == 0)
        rc = roll(&p.alt_last, &p, cal, p.nominal, false, err);
    if (rc < 0)
        return rc;
    if (po_date_cmp(p.last, p.nominal) != 0) {
        const struct po_cal_entry *e = po_deadline_calendar_find(cal, p.nominal);
        p.moved_over = e && e->kind == PO_CAL_HOLIDAY ? e->name : NULL;
        p.moved_source = e && e->kind == PO_CAL_HOLIDAY ? e->source : NULL;
    }
    const struct po_cal_entry *le = po_deadline_calendar_find(cal, p.last);
    p.makeup_end = le && le->kind == PO_CAL_WORKDAY;
    *out = p;
    return 0;
}

/* ---- extensions ---- */

int po_deadline_extension_check(int months, int granted, int max_months, struct po_err *err)
{
    if (granted > 0)
        return po_err_set(err, PO_EINVAL, "延期只能批准一次，已批准 %d 次",
                          "an extension may be granted only once; %d already granted", granted);
    if (months < 1 || months > max_months)
        return po_err_set(err, PO_EINVAL, "延期 %d 个月不合法：延期为 1 至 %d 个月",
                          "an extension of %d months is not allowed: 1 to %d months", months,
                          max_months);
    return 0;
}

int po_deadline_extend(struct po_extension *out, const struct po_calendar *cal,
                       const struct po_period *orig, int months, int max_months, struct po_err *err)
{
    int rc = po_deadline_extension_check(months, 0, max_months, err);
    if (rc < 0)
        return rc;
    struct po_extension x = { 0 };
    rc = po_deadline_period(&x.reading[PO_EXT_FROM_NOMINAL], cal, orig->nominal, PO_PERIOD_MONTHS,
                            months, err);
    x.has[PO_EXT_FROM_NOMINAL] = true;
    if (rc == 0 && po_date_cmp(orig->last, orig->nominal) != 0) {
        rc = po_deadline_period(&x.reading[PO_EXT_FROM_MOVED], cal, orig->last, PO_PERIOD_MONTHS,
                                months, err);
        x.has[PO_EXT_FROM_MOVED] = true;
    }
    if (rc == 0 && orig->unit == PO_PERIOD_MONTHS) {
        rc = po_deadline_period(&x.reading[PO_EXT_COMBINED], cal, orig->start, PO_PERIOD_MONTHS,
                                orig->n + months, err);
        x.has[PO_EXT_COMBINED] = true;
    }
    if (rc < 0)
        return rc;
    /* legal_periods.md §3 B/B', C'/C'': unsettled, so the earliest is the result */
    x.chosen = PO_EXT_FROM_NOMINAL;
    for (int i = 1; i < PO_EXT_NBASES; i++)
        if (x.has[i] && po_date_cmp(x.reading[i].last, x.reading[x.chosen].last) < 0)
            x.chosen = (enum po_ext_basis)i;
    for (int i = 0; i < PO_EXT_NBASES; i++) {
        const struct po_period *r = &x.reading[i];
        if (x.has[i] && r->provisional &&
            (!x.provisional || r->uncovered_year < x.uncovered_year)) {
            x.provisional = true;
            x.uncovered_year = r->uncovered_year;
        }
    }
    *out = x;
    return 0;
}

/* ---- provisional results ---- */

void po_deadline_provisional_note(char *zh, size_t zn, char *en, size_t en_n, int year)
{
    snprintf(zh, zn, "%d 年节假日安排尚未载入，期限按周末推算，待国务院办公厅通知发布后重算", year);
    snprintf(en, en_n,
             "no holiday calendar for %d yet: counted with weekends only; recomputed when the "
             "State Council's notice is loaded",
             year);
}

/*
 * deadline.h: civil dates and legal periods (期间) under the PRC Civil Code, arts. 200-204.
 *
 * A date is a civil date, struct po_date { y, m, d } in the proleptic
 * Gregorian calendar: never time_t, never a timezone.  The struct, with
 * po_date_parse() and po_date_cmp(), lives in account_policy.h, where the
 * accounting policy first needed it; this module adds the arithmetic.  Holidays are data:
 * the caller fills a struct po_calendar (refdata/calendar.c reads
 * data/cn_holidays.csv) and passes it in, so every function here is pure
 * and thread-safe, and a rule can be tested from a table of rows.
 *
 * The rules (data/legal_periods.md paraphrases them, with sources):
 *   art. 201  the day the period starts is not counted;
 *   art. 202  a period in months or years ends on the corresponding day
 *             (对应日) of the last month, or that month's last day where
 *             it has none;
 *   art. 203  a last day that is a statutory holiday (法定休假日) moves to
 *             the day after the holiday ends.  Ordinary weekends count as
 *             rest days (legal_periods.md §2(a)).
 * Unsettled points, where both readings are computed and the earlier one
 * is the result (legal_periods.md §2(b), §3 B/C):
 *   - a weekend day made a working day (调休上班日): reading 1 treats it
 *     as a working day (the result), reading 2 as a rest day (alt_last);
 *   - an extension: counted on from the nominal last day, from the moved
 *     last day, or as one longer period from the start.
 * A date the rule must classify in a year the calendar does not cover is
 * an error naming the year (PO_ENOTFOUND), never a guess, unless the
 * caller asks for a provisional result (struct po_calendar's `uncovered`):
 * then such a day is a rest day only when it is a Saturday or Sunday (no
 * holidays, no makeup days), and the period is marked provisional with the
 * year named, to be recomputed once the State Council's notice for that
 * year is loaded.  A provisional result is never silent.
 *
 * Memory: nothing is allocated; the calendar is the caller's and must outlive the periods that
 * name its holidays.  Errors: PO_EINVAL for an invalid date, an n out of range or an extension the
 * rules refuse (second, over 3 months); PO_ENOTFOUND naming the year for a day outside the
 * calendar; err is untouched on success.
 */
#ifndef PO_DEADLINE_H
#define PO_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "util/err.h"

#define PO_DATE_BUFSZ 11 /* "YYYY-MM-DD" and the NUL */

/* true when d is a real day with 1 <= y <= 9999 */
bool po_deadline_date_valid(struct po_date d);
/* po_date_parse() with a bilingual error: PO_EINVAL on anything but a real YYYY-MM-DD. */
int po_deadline_parse_date(struct po_date *out, const char *s, size_t len, struct po_err *err);
/* Write "YYYY-MM-DD" into buf (n >= PO_DATE_BUFSZ); returns buf. */
char *po_deadline_format_date(char *buf, size_t n, struct po_date d);
/* d + n days (n may be negative); d must be valid and the result stay in years 1..9999 */
struct po_date po_deadline_add_days(struct po_date d, long n);
/* b - a in days */
long po_deadline_days_between(struct po_date a, struct po_date b);
/* 1 = Monday ... 7 = Sunday (ISO 8601) */
int po_deadline_weekday(struct po_date d);
int po_deadline_days_in_month(int y, int m);
/*
 * The corresponding day n months after d (Civil Code art. 202): same day of
 * the month, or the month's last day where there is none; *clamped (may be
 * NULL) says which.  n >= 0.
 */
struct po_date po_deadline_add_months(struct po_date d, int n, bool *clamped);

/* ---- the holiday calendar ---- */

enum po_cal_kind {
    PO_CAL_NONE = 0,    /* no entry: an ordinary weekday or weekend day */
    PO_CAL_HOLIDAY = 1, /* a day off of an official holiday block (weekends inside included) */
    PO_CAL_WORKDAY = 2, /* a weekend day made a working day (调休上班) */
};

struct po_cal_entry {
    struct po_date date;
    enum po_cal_kind kind;
    const char *name;   /* 春节, 国庆节 ... */
    const char *source; /* the State Council notice, e.g. 国办发明电〔2023〕7号 */
};

/* What a period does with a day in a year the calendar does not cover. */
enum po_cal_uncovered {
    PO_CAL_UNCOVERED_ERROR = 0,   /* PO_ENOTFOUND naming the year (the default) */
    PO_CAL_UNCOVERED_WEEKENDS = 1 /* Saturdays and Sundays only; the period is provisional */
};

/*
 * Filled by the caller; not owned by this module.  entries are sorted by
 * date, one per date.  Years first_year..last_year are covered: every
 * holiday and makeup day of those years is listed.
 */
struct po_calendar {
    const struct po_cal_entry *entries;
    size_t n;
    int first_year, last_year;
    const char *source; /* where the calendar came from, for explanations */
    enum po_cal_uncovered uncovered;
};

/* Check the invariants above: sorted, unique, valid dates, makeup days on weekends. */
int po_deadline_calendar_check(const struct po_calendar *cal, struct po_err *err);
/* The entry for d, or NULL. */
const struct po_cal_entry *po_deadline_calendar_find(const struct po_calendar *cal,
                                                     struct po_date d);
/*
 * Whether d is a rest day (法定休假日 in the sense of art. 203): a holiday
 * entry, or a Saturday or Sunday unless (with makeup_is_workday) it is a
 * makeup working day.  When d's year is not covered: PO_ENOTFOUND naming
 * the year, or with PO_CAL_UNCOVERED_WEEKENDS whether d is a Saturday or
 * Sunday (the caller must then mark its result provisional).
 */
int po_deadline_is_rest_day(bool *out, const struct po_calendar *cal, struct po_date d,
                            bool makeup_is_workday, struct po_err *err);

/* ---- periods ---- */

enum po_period_unit { PO_PERIOD_DAYS, PO_PERIOD_MONTHS };

struct po_period {
    struct po_date start; /* the event date; not counted (art. 201) */
    enum po_period_unit unit;
    int n;                  /* 1..36600 days or 1..1200 months */
    struct po_date nominal; /* before art. 203 */
    bool clamped;           /* art. 202: no corresponding day, the month's last day */
    struct po_date last;    /* the last day: reading 1 (makeup working days work) */
    /* what moved it (art. 203): the first rest day's holiday name, or NULL for a weekend */
    const char *moved_over;
    const char *moved_source; /* the notice behind moved_over, or NULL */
    bool makeup_end;          /* last is a makeup working day on a weekend */
    struct po_date alt_last;  /* reading 2: every Saturday and Sunday a rest day */
    /* PO_CAL_UNCOVERED_WEEKENDS only: a day classified lies in a year the calendar does
     * not cover, so last and alt_last count weekends only; uncovered_year is the first such
     * year (0 when not provisional) */
    bool provisional;
    int uncovered_year;
};

/*
 * Compute a period of n units from start.  PO_EINVAL for n out of range or
 * an invalid start; PO_ENOTFOUND naming the year when a day that must be
 * classified lies outside the calendar (with PO_CAL_UNCOVERED_ERROR; with
 * PO_CAL_UNCOVERED_WEEKENDS the period is provisional instead).  err
 * untouched on success.
 */
int po_deadline_period(struct po_period *out, const struct po_calendar *cal, struct po_date start,
                       enum po_period_unit unit, int n, struct po_err *err);

/* ---- extensions ---- */

/*
 * Whether an extension of `months` may be granted when `granted` extensions
 * were already granted: at most one, at least 1 month and at most max_months
 * (the city's cap, data/city_params.csv quota_extension_max_months: 三(二)
 * 不超过3个月).  PO_EINVAL with a bilingual reason otherwise.
 */
int po_deadline_extension_check(int months, int granted, int max_months, struct po_err *err);

enum po_ext_basis {
    PO_EXT_FROM_NOMINAL, /* counted on from the original period's nominal last day */
    PO_EXT_FROM_MOVED,   /* counted on from the original last day after art. 203 */
    PO_EXT_COMBINED,     /* one period of (original + extension) months from the start */
    PO_EXT_NBASES
};

struct po_extension {
    struct po_period reading[PO_EXT_NBASES]; /* COMBINED is set only for month periods */
    bool has[PO_EXT_NBASES];
    enum po_ext_basis chosen; /* the earliest last day (legal_periods.md §3) */
    bool provisional;         /* any reading is provisional */
    int uncovered_year;       /* the earliest year of those readings, 0 when none */
};

/* Extend orig by `months` (checked with po_deadline_extension_check(months, 0, max_months)). */
int po_deadline_extend(struct po_extension *out, const struct po_calendar *cal,
                       const struct po_period *orig, int months, int max_months,
                       struct po_err *err);

/* ---- provisional results ---- */

#define PO_DEADLINE_NOTE_BUFSZ 256

/*
 * The reason a deadline is provisional, in Chinese into zh and English into
 * en (each at least PO_DEADLINE_NOTE_BUFSZ bytes, or truncated), naming
 * the year the calendar lacks.  Pure formatting.
 */
void po_deadline_provisional_note(char *zh, size_t zn, char *en, size_t en_n, int year);

#endif

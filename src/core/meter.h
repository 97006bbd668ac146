/*
 * meter.h: online-monitoring readings (在线监测) rolled up to days and months.
 *
 * Key-unit monitoring platforms deliver 15-minute interval readings per
 * meter: `uscc,meter_id,timestamp,energy_type,value` (timestamp = interval
 * start, local civil time "YYYY-MM-DD HH:MM:SS"; value >= 0 in the meter's
 * unit: kWh, m3 or GJ).  This module sums them exactly (value × 1000 as an
 * integer) per (uscc, day, energy_type) with reading counts, rolls the days
 * up to months, and formats meter_daily.csv / meter_monthly.csv exactly as
 * the benchmark workload (../shared/bench/WORKLOAD.md §5) and its oracle
 * print them.  It also measures completeness per meter and month (readings
 * present against 96 a day, gaps) for the UI.
 *
 * Pure: no I/O, no clock, no globals.  An aggregator belongs to one thread;
 * a parallel reader gives each thread its own and merges them.
 *
 *     struct po_meter_agg *g = po_meter_agg_new(arena);
 *     po_meter_agg_add(g, uscc, &t, type, value_milli, &err);   // per reading
 *     po_meter_agg_finish(&res, g, arena, &err);
 *     po_meter_format(&buf, &res, PO_METER_DAILY_CSV);
 *
 * Memory: an aggregator, its copies of the keys and the results live in the arena given; the
 * completeness rows point at the readings' slices.  Errors: PO_EINVAL (a negative value, an
 * overflow, an empty key, a bad window) or PO_ENOMEM, named at each function; po_meter_format's
 * failure is sticky in the buffer.
 */
#ifndef PO_METER_H
#define PO_METER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

struct po_arena;

#define PO_METER_SLOTS_PER_DAY 96 /* 15-minute intervals */

/* A civil timestamp, no time zone (the platforms send local time). */
struct po_meter_time {
    int y, m, d;    /* 1..9999, 1..12, 1..days in month */
    int hh, mi, ss; /* 0..23, 0..59, 0..59 */
};

/*
 * Parse "YYYY-MM-DD HH:MM:SS" ("T" for the space, and "HH:MM" without
 * seconds, are accepted too) into *out, checking the calendar.  false when
 * it is anything else.
 */
bool po_meter_time_parse(struct po_meter_time *out, const char *s, size_t len);

/* Days in month m of year y (Gregorian). */
int po_meter_days_in_month(int y, int m);

/* ---- daily and monthly totals ---- */

struct po_meter_agg;

/* A new, empty aggregator in a (a's thread only).  NULL when out of memory. */
struct po_meter_agg *po_meter_agg_new(struct po_arena *a);

/*
 * Add one reading: value_milli = value × 1000, >= 0.  uscc and type are
 * copied the first time they are seen.  Returns 0, PO_EINVAL (negative
 * value, a total that overflows int64, an empty uscc or type) or
 * PO_ENOMEM.  Consecutive readings of the same (uscc, day, type), which is
 * how platforms send them, cost a comparison and an addition.
 */
int po_meter_agg_add(struct po_meter_agg *g, struct po_str uscc, const struct po_meter_time *t,
                     struct po_str type, int64_t value_milli, struct po_err *err);

/* Add everything in src to dst (src is unchanged).  PO_EINVAL on overflow, PO_ENOMEM. */
int po_meter_agg_merge(struct po_meter_agg *dst, const struct po_meter_agg *src,
                       struct po_err *err);

/* Readings added so far. */
uint64_t po_meter_agg_readings(const struct po_meter_agg *g);

/* One line of meter_daily.csv or meter_monthly.csv. */
struct po_meter_total {
    struct po_str uscc;
    int y, m, d; /* d = 0 in monthly totals */
    struct po_str energy_type;
    uint64_t readings;
    int64_t total_milli; /* Σ value × 1000, in the meter's unit */
};

/* Totals sorted by uscc, period, energy_type (byte order).  Lives in the arena given to finish. */
struct po_meter_result {
    struct po_meter_total *daily, *monthly;
    size_t ndaily, nmonthly;
};

/* Sort the days and roll them up to months.  PO_EINVAL (overflow) or PO_ENOMEM. */
int po_meter_agg_finish(struct po_meter_result *out, const struct po_meter_agg *g,
                        struct po_arena *a, struct po_err *err);

enum po_meter_file {
    PO_METER_DAILY_CSV,   /* uscc,day,energy_type,readings,total */
    PO_METER_MONTHLY_CSV, /* uscc,month,energy_type,readings,total */
};

/*
 * Append the whole file (header included) to b: day "YYYY-MM-DD", month
 * "YYYY-MM", total "%d.%03d", "\n" line ends.  Failure is sticky in b.
 */
void po_meter_format(struct po_buf *b, const struct po_meter_result *r, enum po_meter_file which);

/* "meter_daily.csv" or "meter_monthly.csv". */
const char *po_meter_file_name(enum po_meter_file which);

/* ---- completeness per meter and month ---- */

struct po_meter_reading {
    struct po_str uscc, meter_id;
    struct po_meter_time t;
};

/*
 * One meter in one month.  A slot is a 15-minute interval of the month
 * (96 a day); a reading fills the slot its timestamp starts.
 */
struct po_meter_completeness {
    struct po_str uscc, meter_id;
    int y, m;
    uint32_t expected;    /* slots in the window: 96 × days (see po_meter_window) */
    uint32_t present;     /* slots with at least one reading */
    uint32_t duplicates;  /* readings beyond the first in a slot */
    uint32_t off_grid;    /* readings not at :00/:15/:30/:45 (seconds 0): not counted as present */
    uint32_t outside;     /* readings outside the window */
    uint32_t gaps;        /* maximal runs of missing slots */
    uint32_t longest_gap; /* slots in the longest run */
};

/*
 * The days that count, inclusive (first/last as y, m, d).  A month is
 * expected in full when the window covers it, or only the part the window
 * covers: a feed delivered for Jan 1-30 is not 96 readings short per meter.
 */
struct po_meter_window {
    int first_y, first_m, first_d;
    int last_y, last_m, last_d;
};

/*
 * Completeness of every (uscc, meter_id, month) that has readings, sorted
 * by uscc, meter_id, month.  window may be NULL: whole calendar months.
 * readings are not modified.  *out lives in a.  PO_ENOMEM, or PO_EINVAL
 * for a bad window.
 */
int po_meter_completeness(struct po_meter_completeness **out, size_t *nout,
                          const struct po_meter_reading *readings, size_t n,
                          const struct po_meter_window *window, struct po_arena *a,
                          struct po_err *err);

#endif

/*
 * calendar.h: the holiday calendar as a struct po_calendar — data/cn_holidays.csv (compiled
 * in), extended or corrected by the notices a city imports into its database.
 *
 * Each row is date,kind,name,source with kind "holiday" (a day off of an
 * official block) or "workday" (a weekend day made a working day), from the
 * State Council General Office's yearly notices.  The years covered are
 * the first to the last year with rows; a gap in between is an error, as
 * is an unsorted, duplicated or malformed row.
 *
 * The State Council publishes next year's notice around November; a city
 * loads it with `phaseout calendar import` (po_calendardb_import,
 * app/calendardb.h, which stores it; this file only reads and checks) without a
 * rebuild.  An import is kept whole (migration 0010, append-only): for
 * every year it has rows for, the latest import replaces the compiled-in
 * rows of that year, so a year can be added (2027) or corrected.
 *
 * Memory: entries, names and sources live in the arena given; an overlay
 * without stored rows is *base itself.  Errors: PO_EINVAL (a bad, unsorted
 * or duplicated row, a gap between years; the row in err->context),
 * PO_EIO (a notice file that cannot be read), PO_ENOMEM, with err filled.
 */
#ifndef PO_CALENDAR_H
#define PO_CALENDAR_H

#include <stdint.h>

#include "core/deadline.h"
#include "util/buf.h"
#include "util/err.h"

struct po_arena;

/*
 * Fill *out from the embedded data/cn_holidays.csv.  Entries, names and
 * sources live in a until it is destroyed.  PO_EINVAL / PO_ENOMEM with the
 * row named in err->context.  out->uncovered is PO_CAL_UNCOVERED_ERROR.
 */
int po_calendar_load(struct po_calendar *out, struct po_arena *a, struct po_err *err);

/*
 * Check one row date,kind,name,source (the n fields f) into *e, its name and
 * source copied into a: the check the compiled-in file, an imported file and
 * the stored rows share.  PO_EINVAL (what is wrong, without the row: the
 * caller adds its context) or PO_ENOMEM.
 */
int po_calendar_entry(struct po_cal_entry *e, const struct po_str *f, size_t n, struct po_arena *a,
                           struct po_err *err);

/* A row of an import as stored (app/calendardb.c reads them). */
struct po_calendar_stored {
    int64_t import_id;
    struct po_cal_entry e;
};

/*
 * base with the stored imports laid over, year by year: for every year some
 * import has rows for, the rows of the latest such import replace base's.
 * rows are in import_id order.  With no rows *out is *base.  Lives in a.
 * PO_EINVAL when the result has a gap between years or breaks the core's
 * invariants; PO_ENOMEM.  out->uncovered is PO_CAL_UNCOVERED_ERROR.
 */
int po_calendar_overlay(struct po_calendar *out, const struct po_calendar *base,
                        const struct po_calendar_stored *rows, size_t nrows, struct po_arena *a,
                           struct po_err *err);

/* A holiday notice file, read and checked (po_calendar_read_file). */
struct po_calendar_file {
    const char *name;             /* the file's base name */
    struct po_cal_entry *entries; /* sorted by date */
    size_t n;                     /* >= 1 */
    int first_year, last_year;
    char years[64]; /* the years with rows: "2026,2027" */
};

/*
 * Read the notice(s) in path (CSV or XLSX, the columns of
 * data/cn_holidays.csv: date,kind,name,source) and check them: every row a
 * real date in 2000-2199, kind holiday or workday, a name and a source; no
 * date twice; a makeup working day on a Saturday or Sunday; every year of
 * the file with at least one holiday.  Everything lives in a.  PO_EINVAL
 * with the row in err->context; PO_EIO; PO_ENOMEM.
 */
int po_calendar_read_file(struct po_calendar_file *out, const char *path, struct po_arena *a,
                           struct po_err *err);

#endif

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
 * loads it with `phaseout calendar import` (po_calendar_import) without a
 * rebuild.  An import is kept whole (migration 0010, append-only): for
 * every year it has rows for, the latest import replaces the compiled-in
 * rows of that year, so a year can be added (2027) or corrected.
 */
#ifndef PO_CALENDAR_H
#define PO_CALENDAR_H

#include <stdint.h>

#include "core/deadline.h"
#include "store/store.h"
#include "util/err.h"

struct po_arena;

/*
 * Fill *out from the embedded data/cn_holidays.csv.  Entries, names and
 * sources live in a until it is destroyed.  PO_EINVAL / PO_ENOMEM with the
 * row named in err->context.  out->uncovered is PO_CAL_UNCOVERED_ERROR.
 */
int po_calendar_load(struct po_calendar *out, struct po_arena *a, struct po_err *err);

/*
 * The calendar every deadline of a deployment uses: the compiled-in one
 * with the database's imports applied year by year (latest import of a year
 * wins).  Lives in a.  PO_EINVAL when the result has a gap between years;
 * the store's errors.  out->uncovered is PO_CAL_UNCOVERED_ERROR.
 */
int po_calendar_load_store(struct po_calendar *out, struct po_store *st, struct po_arena *a,
                           struct po_err *err);

struct po_calendar_import_result {
    int64_t id;                   /* calendar_import.id */
    size_t rows;                  /* calendar rows stored */
    int first_year, last_year;    /* of the file */
    int cal_first, cal_last;      /* years the deployment's calendar covers now */
    int64_t cases, cases_changed; /* cases replayed; of which the cached deadline changed */
};

/*
 * Import the holiday notice(s) in path (CSV or XLSX, the columns of
 * data/cn_holidays.csv: date,kind,name,source) as one new import by actor.
 * Checked first, all or nothing: every row a real date in 2000-2199, kind
 * holiday or workday, a name and a source; no date twice; a makeup working
 * day on a Saturday or Sunday; every year of the file with at least one
 * holiday; the resulting calendar without a gap between years.  Then, in
 * ONE transaction: the import and its rows, every case's deadline
 * recomputed by replaying its events (app/casedb.h) and its cached columns
 * updated, and an audit row (action calendar.import).  PO_EINVAL with the
 * row in err->context; PO_ECONFLICT when a case's recorded events no longer
 * replay under the new calendar (the case named; nothing written); PO_EIO.
 */
int po_calendar_import(struct po_calendar_import_result *out, struct po_store *st,
                       const char *path, const char *actor, struct po_err *err);

#endif

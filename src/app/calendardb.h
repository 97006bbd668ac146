/*
 * calendardb.h: the holiday calendar a deployment's deadlines use — the
 * compiled-in one (refdata/calendar.h) with the notices a city imported into
 * its database laid over — and the import of a notice: one transaction with
 * its rows, every case's deadline replayed (app/casedb.h) and its audit row.
 * The tables are calendar_import and calendar_day (migration 0010).
 *
 * Memory: the calendar lives in the arena given; the import's result is
 * filled in place.  Errors: po_calendardb_load() PO_EINVAL (a gap between
 * years) or the store's; the import PO_EINVAL (a bad row, in err->context),
 * PO_ECONFLICT (a case no longer replays; nothing written), PO_EIO (the file
 * cannot be read), PO_ENOMEM, the store's.
 */
#ifndef PO_CALENDARDB_H
#define PO_CALENDARDB_H

#include <stddef.h>
#include <stdint.h>

#include "refdata/calendar.h"
#include "store/store.h"
#include "util/err.h"

struct po_arena;

/*
 * The calendar every deadline of a deployment uses: the compiled-in one
 * with the database's imports applied year by year (latest import of a year
 * wins).  Lives in a.  PO_EINVAL when the result has a gap between years;
 * the store's errors.  out->uncovered is PO_CAL_UNCOVERED_ERROR.
 */
int po_calendardb_load(struct po_calendar *out, struct po_store *st, struct po_arena *a,
                       struct po_err *err);

struct po_calendardb_import_result {
    int64_t id;                   /* calendar_import.id */
    size_t rows;                  /* calendar rows stored */
    int first_year, last_year;    /* of the file */
    int cal_first, cal_last;      /* years the deployment's calendar covers now */
    int64_t cases, cases_changed; /* cases replayed; of which the cached deadline changed */
};

/*
 * Import the holiday notice(s) in path (CSV or XLSX, the columns of
 * data/cn_holidays.csv: date,kind,name,source) as one new import by actor.
 * Checked first, all or nothing: the file at most 1 MiB and as
 * po_calendar_read_file() (refdata/calendar.h) checks it; the resulting
 * calendar without a gap between years.  Then, in
 * ONE transaction: the import and its rows, every case's deadline
 * recomputed by replaying its events (app/casedb.h) and its cached columns
 * updated, and an audit row (action calendar.import).  PO_EINVAL with the
 * row in err->context; PO_ECONFLICT when a case's recorded events no longer
 * replay under the new calendar (the case named; nothing written); PO_EIO.
 */
int po_calendardb_import(struct po_calendardb_import_result *out, struct po_store *st,
                         const char *path, const char *actor, struct po_err *err);

#endif

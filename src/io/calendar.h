/*
 * calendar.h: the holiday calendar of data/cn_holidays.csv (compiled in) as a struct po_calendar.
 *
 * Each row is date,kind,name,source with kind "holiday" (a day off of an
 * official block) or "workday" (a weekend day made a working day), from the
 * State Council General Office's yearly notices.  The years covered are
 * the first to the last year with rows; a gap in between is an error, as
 * is an unsorted, duplicated or malformed row.
 */
#ifndef PO_CALENDAR_H
#define PO_CALENDAR_H

#include "core/deadline.h"
#include "util/err.h"

struct po_arena;

/*
 * Fill *out from the embedded data/cn_holidays.csv.  Entries, names and
 * sources live in a until it is destroyed.  PO_EINVAL / PO_ENOMEM with the
 * row named in err->context.
 */
int po_calendar_load(struct po_calendar *out, struct po_arena *a, struct po_err *err);

#endif

/*
 * calendarlog.h: the holiday notices a deployment has imported, listed (`phaseout calendar show`).
 *
 * Table calendar_import (migration 0010), one row per `calendar import`,
 * append-only; the import itself and the calendar it makes are
 * app/calendardb.h's (the compiled-in calendar is refdata/calendar.h's).
 * Reading only.
 *
 * Memory: the list and its strings live in the arena given.  Errors: the
 * store's codes and PO_ENOMEM, with err filled.
 */
#ifndef PO_CALENDARLOG_H
#define PO_CALENDARLOG_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

struct po_arena;

/* One import, as stored. */
struct po_calendarlog_entry {
    int64_t id;
    const char *imported_at; /* UTC timestamp */
    const char *actor;
    const char *file_name; /* the file's base name as given */
    const char *years;     /* the years it covers, e.g. "2027" or "2026,2027" */
    int64_t nrows;
    const char *sha256; /* of the file's bytes, hex */
};

/*
 * Every import, oldest first (by id).  *out (*n of them, NULL and 0 when
 * there is none) and its strings live in a.  Errors: the store's;
 * PO_ENOMEM.  *out and *n are untouched on error.
 */
int po_calendarlog_list(struct po_calendarlog_entry **out, size_t *n, struct po_store *st,
                        struct po_arena *a, struct po_err *err);

#endif

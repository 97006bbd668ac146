/*
 * notifyread.h: the reminders of the tick (table notification, written by po_casedb_tick() of
 * app/casedb.h) as the web lists them.
 *
 * A notification is kept forever (the table is append-only), so the list also says whether
 * one is still pending: its deadline is still the case's running deadline and no more urgent
 * notification (due_30 < due_7 < overdue) exists for that case and deadline.
 *
 * Memory: JSON returned is a new reference the caller owns; query text lives in the arena
 * passed in.  Errors: the store's (PO_EUNAVAIL ...); NULL with err filled.
 */
#ifndef PO_APP_NOTIFYREAD_H
#define PO_APP_NOTIFYREAD_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "app/listq.h"
#include "store/store.h"

struct po_arena;

#define PO_NOTIFYREAD_SORTS "id,as_of,deadline,kind,case_id"

/* Which notifications: NULL (0, -1) members do not filter. */
struct po_notify_filter {
    const char *scope;    /* the user's district: its enterprises' cases */
    const char *kinds[3]; /* due_30, due_7, overdue: any of the first nkinds */
    size_t nkinds;        /* 0: any kind */
    const char *uscc;     /* the case's enterprise */
    const char *district; /* the enterprise's district */
    int64_t case_id;      /* 0: any case */
    const char *since;    /* "YYYY-MM-DD": ticks of that day or later */
    int pending;          /* 1 still pending, 0 no longer, -1 either */
};

/*
 * One page of notifications, newest first unless pg sorts by one of PO_NOTIFYREAD_SORTS:
 * {id, case_id, kind, deadline, as_of, followup, message, case_type, state, uscc,
 * enterprise_name, district_code, district_name, equipment_id, case_deadline,
 * deadline_uncovered_year (the case's, when the notification is about its running deadline),
 * pending}; the count of all in *total.
 */
json_t *po_notifyread_page(int64_t *total, struct po_store *st, struct po_arena *a,
                           const struct po_notify_filter *f, const struct po_listq_page *pg,
                           struct po_err *err);

#endif

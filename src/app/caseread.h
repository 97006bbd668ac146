/*
 * caseread.h: reading a case's log — the one place that selects from case_event.
 *
 * A case's history is its case_event rows in seq order (append-only, migration 0006); the
 * replay (app/casedb.c), the CLI's `case show`, the web's case page and the evaluation's
 * safety facts (app/evaldb.c) all read it through po_caseread_events(), so a new column or
 * rule about events has one home.  Aggregates over every case (a dashboard's counts) are not
 * a case's log and stay with their own query.  The case rows themselves (case_file) are read
 * here too, for the front ends; casedb.c writes both.
 */
#ifndef PO_CASEREAD_H
#define PO_CASEREAD_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

struct po_arena;

/* One document attached to an event (case_attachment with its blob's type and size). */
struct po_case_attachment_row {
    int64_t id, event_id;
    const char *doc, *name, *sha256, *mime;
    int64_t size;
};

/* One case_event row as stored.  Texts are never NULL except where said. */
struct po_case_event_row {
    int64_t id, case_id, seq;
    const char *actor, *role; /* role: the casefsm role the step was taken as */
    const char *actor_roles;  /* the actor's own roles; NULL: not recorded */
    const char *at, *on_date, *event, *prev_state, *new_state;
    const char *reason;      /* NULL: none */
    const char *fields_json; /* the fields as given, a JSON object ("{}": none) */
    unsigned field_bits, doc_bits, checklist;
    int months, limit_level, years_worst;
    /* with PO_CASEREAD_ATTACH: the event's attachments in id order; else NULL, 0 */
    const struct po_case_attachment_row *attach;
    size_t nattach;
};

struct po_case_events {
    struct po_case_event_row *v; /* seq order */
    size_t n;
};

/* One case_file row as stored (the derived columns are casedb's cache of the replay). */
struct po_case_row {
    int64_t id;
    const char *case_type, *uscc, *state;
    const char *equipment_id, *finding_id; /* NULL: the whole enterprise / not from a finding */
    const char *deadline, *deadline_alt;   /* NULL: no deadline running */
    int uncovered_year;                    /* 0: the deadline is final (or none) */
    const char *opened_on, *opened_at, *opened_by;
    const char *opened_roles, *opened_as, *opened_reason; /* NULL: not recorded / none */
};

/* Case id into *out, texts in a.  Errors: PO_ENOTFOUND no such case; PO_ENOMEM; the store's. */
int po_caseread_get(struct po_case_row *out, struct po_store *st, int64_t id, struct po_arena *a,
                    struct po_err *err);

/* Which cases po_caseread_list() returns; NULL members do not filter. */
struct po_case_filter {
    const char *state;  /* in this state */
    const char *due_by; /* "YYYY-MM-DD": with a deadline on or before that day */
};

/* The cases f selects, by id, into *out (*n of them), rows and texts in a.  Errors: PO_ENOMEM;
 * the store's. */
int po_caseread_list(struct po_case_row **out, size_t *n, struct po_store *st,
                     const struct po_case_filter *f, struct po_arena *a, struct po_err *err);

#define PO_CASEREAD_ATTACH 1u /* also read each event's attachments */

/*
 * The events of case case_id, oldest first, into *out (an unknown case has none: n = 0).
 * flags: 0 or PO_CASEREAD_ATTACH.  Rows and texts live in a until it is destroyed.
 * Errors: PO_ENOMEM; the store's.
 */
int po_caseread_events(struct po_case_events *out, struct po_store *st, int64_t case_id,
                       unsigned flags, struct po_arena *a, struct po_err *err);

#endif

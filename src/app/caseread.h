/*
 * caseread.h: reading a case's log — the one place that selects from case_event.
 *
 * A case's history is its case_event rows in seq order (append-only, migration 0006); the
 * replay (app/casedb.c), the CLI's `case show`, the web's case page and the evaluation's
 * safety facts (app/evaldb.c) all read it through po_caseread_events(), so a new column or
 * rule about events has one home.  Aggregates over every case (a dashboard's counts) are not
 * a case's log and stay with their own query.  The case rows themselves (case_file) are read
 * here too, for the front ends; casedb.c writes both.
 *
 * Memory: rows, events and their texts live in the arena given; a json_t * returned is a new
 * reference the caller owns (json_decref).  Errors: PO_ENOTFOUND (no such case, or one outside
 * the scope given), PO_ENOMEM, the store's; a JSON reader returns NULL with err filled.
 */
#ifndef PO_CASEREAD_H
#define PO_CASEREAD_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "app/listq.h"
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

/* ---- for the web: rows as JSON objects by column name (app/listq.h), a new reference the
 * caller owns; NULL with err filled on error ---- */

#define PO_CASEREAD_SORTS "id,deadline,opened_on,state,case_type,uscc"

/* Which cases a list shows: NULL members do not filter. */
struct po_case_list_filter {
    const char *scope;    /* the user's district: the cases of its enterprises */
    const char *state;    /* casefsm state name */
    const char *type;     /* casefsm type name */
    const char *uscc;     /* the enterprise */
    const char *district; /* the enterprise's district */
    const char *due_by;   /* "YYYY-MM-DD": a deadline on or before that day */
};

/* One page of cases {id, case_type, uscc, enterprise_name, district_code, district_name,
 * equipment_id, finding_id, state, deadline, deadline_alt, deadline_uncovered_year, opened_on},
 * newest first unless pg sorts by one of PO_CASEREAD_SORTS; the count of all in *total. */
json_t *po_caseread_page(int64_t *total, struct po_store *st, struct po_arena *a,
                         const struct po_case_list_filter *f, const struct po_listq_page *pg,
                         struct po_err *err);

/* Case id as the list shows it, plus opened_at, opened_by, opened_roles, opened_as,
 * opened_reason.  scope (NULL: any): only a case of that district's enterprises.  PO_ENOTFOUND
 * when there is no such case (in scope). */
json_t *po_caseread_case(struct po_store *st, int64_t id, const char *scope, struct po_err *err);

/* The cases of enterprise uscc, newest first: [{id, case_type, equipment_id, finding_id, state,
 * deadline, deadline_alt, deadline_uncovered_year, opened_on}]. */
json_t *po_caseread_of_enterprise(struct po_store *st, const char *uscc, struct po_err *err);

/* The cases opened on finding fid, by id: [{id, case_type, state, opened_on}]. */
json_t *po_caseread_of_finding(struct po_store *st, const char *fid, struct po_err *err);

/*
 * The finding fid as the ground of a case to open: the row of the latest run holding it (the
 * newest year first) {run_id, run_year, finding_id, uscc, enterprise_name, equipment_id,
 * criterion, rule_id, rule_version, status, measure, departments, evidence, evidence_zh,
 * legal_basis, district_code} (district_code: its enterprise's).  json null when no run holds
 * it.
 */
json_t *po_caseread_finding(struct po_store *st, const char *fid, struct po_err *err);

/*
 * The finding fid a case was opened on, as it stood in the latest run made on or before
 * opened_at (else the latest run): {run_id, run_year, finding_id, equipment_id, criterion,
 * rule_id, rule_version, status, measure, departments, evidence, evidence_zh, legal_basis,
 * measure_basis}; json null when no run holds it.
 */
json_t *po_caseread_opening_finding(struct po_store *st, const char *fid, const char *opened_at,
                                    struct po_err *err);

/* A document of case id by its hash: the first attachment of the case with that content. */
struct po_case_blob {
    const char *doc, *mime;
    const char *content_base64; /* as stored (store.h has no BLOB) */
};
/* *out's texts in a.  PO_ENOTFOUND when the case has no attachment with that hash. */
int po_caseread_blob(struct po_case_blob *out, struct po_store *st, int64_t id, const char *sha256,
                     struct po_arena *a, struct po_err *err);

#endif

/*
 * dashboard.h: the registry-wide counts of the dashboard and the credit lists (docs/api.md
 * "Accounting") that are not the year's accounting: exited capacity, cases by state and by
 * deadline, missed exit deadlines, closed enterprises.
 *
 * Exits are read from the registry — a unit sealed or dismantled, or its enterprise closed or
 * exited — dated by the first case event that moved its case into a state whose transition
 * sets such a status (core/casefsm.h says which); a unit with no such event (registered as
 * exited) has year null.  These are aggregates over every case, so they are one query each,
 * not a case's log (app/caseread.h).
 *
 * scope: the user's district (the rows of its enterprises only), NULL for the city.  Memory:
 * JSON returned is a new reference the caller owns (rows as objects by column name,
 * app/listq.h); query text lives in the arena passed in.  Errors: PO_ENOMEM; the store's;
 * NULL with err filled.
 */
#ifndef PO_APP_DASHBOARD_H
#define PO_APP_DASHBOARD_H

#include <jansson.h>

#include "store/store.h"

struct po_arena;

/* Exited capacity by year of exit, industry and capacity unit: [{year, industry_code,
 * industry_name, capacity, unit, units}], the undated (year null) first. */
json_t *po_dashboard_exited_capacity(struct po_store *st, struct po_arena *a, const char *scope,
                                     struct po_err *err);

/* [{state, count}] by state. */
json_t *po_dashboard_cases_by_state(struct po_store *st, struct po_arena *a, const char *scope,
                                    struct po_err *err);

/* The cases whose deadline is in [from, to] (to NULL: before from), by deadline, at most 100:
 * [{case_id, case_type, uscc, name, district_code, state, deadline, deadline_uncovered_year}]. */
json_t *po_dashboard_cases_due(struct po_store *st, struct po_arena *a, const char *scope,
                               const char *from, const char *to, struct po_err *err);

/* Exit cases (a type whose transitions close or seal) whose final deadline passed before today,
 * by deadline: [{uscc, name, district_code, case_id, case_type, state, since}].  A provisional
 * deadline (its year's holiday calendar not loaded yet) is not missed: a holiday may still move
 * it later, and casefsm refuses the overdue event until it is final. */
json_t *po_dashboard_missed_exit(struct po_store *st, struct po_arena *a, const char *scope,
                                 const char *today, struct po_err *err);

/* Closed and exited enterprises by USCC, since the first case event that closed them:
 * [{uscc, name, district_code, status, since}]. */
json_t *po_dashboard_closed(struct po_store *st, struct po_arena *a, const char *scope,
                            struct po_err *err);

#endif

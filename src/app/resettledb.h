/*
 * resettledb.h: worker resettlement of exit cases in the database (migration 0020; issue 15 §5).
 *
 * Per case: the employees affected per group (resettlement_headcount, the last count is
 * current), the steps of the resettlement plan (职工安置方案) and of the risk-handling plan
 * (风险处置预案) in resettlement_plan_event (core/resettle.h checks each step; the last step
 * is the plan's status), and the outcomes per group (resettlement_outcome: the last row of a
 * (case, group, outcome) is its current figure, so a correction is a new row).  Every write is
 * one transaction with its audit row (resettle.plan, resettle.headcount, resettle.outcome).
 *
 * The final exit of a case (core/casefsm.h PO_G_RESETTLEMENT_PLAN) reads the resettlement
 * plan's status with po_resettledb_plan_status(); po_resettledb_tick() records an alert for
 * each case whose exit is scheduled within the city's days (data/city_params.csv
 * resettlement_alert_days) without an approved plan.  A case's scheduled exit is the earliest
 * of its unit's (or, for a case without a unit, its enterprise's) exit_plan planned_on and,
 * for a sealed line, its dismantling deadline — counted only while a final exit is still
 * ahead of the case (po_casefsm_final_exit_ahead).
 *
 * Scope: a district code limits every read to cases of enterprises of that district (NULL:
 * the city); a case outside the scope is PO_ENOTFOUND, as other case reads.
 *
 * Memory: JSON returned is the caller's (json_decref).  Errors: PO_EINVAL with a bilingual
 * message (a refused step, a bad number, date or amount), PO_ENOTFOUND (no such case), the
 * store's; err filled.
 */
#ifndef PO_RESETTLEDB_H
#define PO_RESETTLEDB_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/date.h"
#include "core/resettle.h"
#include "store/store.h"

/* 0 when case id exists, PO_ENOTFOUND ("no case N") otherwise, or the store's error. */
int po_resettledb_case_exists(struct po_store *st, int64_t id, struct po_err *err);

/* The current status of the case's plan of kind (PO_RPLAN_NONE: no step recorded). */
int po_resettledb_plan_status(enum po_rplan_status *out, struct po_store *st, int64_t case_id,
                              enum po_rplan_kind kind, struct po_err *err);

struct po_rplan_step_in {
    int64_t case_id;
    enum po_rplan_kind kind;
    enum po_rplan_status status;        /* the status the plan takes */
    struct po_date on;                  /* the day of the step: not before the plan's last step */
    enum po_rplan_approver approved_by; /* with approved only */
    const char *document;               /* number or title; required from submitted on */
    const char *note;                   /* NULL: none */
    const char *actor;
};

/* Record a step of a plan, checked by po_rplan_step_check (core/resettle.h). */
int po_resettledb_plan_step(struct po_store *st, const struct po_rplan_step_in *in,
                            struct po_err *err);

struct po_resettle_headcount_in {
    int64_t case_id;
    int64_t workers[PO_WG_N]; /* per group, each >= 0 */
    struct po_date on;
    const char *document; /* NULL: none (a roster, 职工花名册) */
    const char *actor;
};

/* Record the employees affected as counted on a day (the last count is current). */
int po_resettledb_headcount(struct po_store *st, const struct po_resettle_headcount_in *in,
                            struct po_err *err);

struct po_resettle_outcome_in {
    int64_t case_id;
    enum po_worker_group group;
    enum po_resettle_outcome outcome;
    int64_t workers;    /* >= 0 */
    int64_t amount_fen; /* >= 0: yuan × 100 */
    struct po_date on;
    const char *document; /* NULL: none */
    const char *note;     /* NULL: none */
    const char *actor;
};

/* Record an outcome figure of a group (replaces the earlier figure of the same group and
 * outcome; the earlier row stays). */
int po_resettledb_outcome(struct po_store *st, const struct po_resettle_outcome_in *in,
                          struct po_err *err);

/*
 * One case: {case_id, uscc, enterprise_name, district_code, case_type, state, exit_on (or
 * null), headcount: {contract, dispatched, near_retirement, total, on_date, document} or null,
 * plans: {resettlement: {status, status_zh, approved, approved_by, on_date, document, steps:
 * [...]}, risk: {...}}, outcomes: [{worker_group, outcome, outcome_zh, workers, amount,
 * amount_fen, on_date, document, note}] (current figures), outcome_history: [...] (every row),
 * resettled (workers of the current outcomes), amount (their sum, "yuan.fen")}.
 */
json_t *po_resettledb_show(struct po_store *st, int64_t case_id, const char *scope,
                           struct po_err *err);

/*
 * The cases that have a resettlement record or a final exit still ahead or behind them (exit
 * states), in case order: {case_id, uscc, enterprise_name, district_code, case_type, state,
 * exit_on, workers, resettlement, risk, resettled, amount}.
 */
json_t *po_resettledb_list(struct po_store *st, const char *scope, struct po_err *err);

/*
 * Totals per district and for the whole (scope NULL: every district and the city):
 * {districts: [{district_code, district_name, cases, headcount_missing (cases without a
 * headcount: they add nothing to workers), workers: {contract, dispatched,
 * near_retirement, total}, plans: {draft, submitted, approved, executing, done, none},
 * outcomes: {<outcome>: {workers, amount}}, amount}], city: {...same without the code}}.
 */
json_t *po_resettledb_totals(struct po_store *st, const char *scope, struct po_err *err);

struct po_resettle_tick {
    int64_t cases; /* cases with a scheduled exit and a final exit ahead, looked at */
    int64_t added; /* alerts made by this tick */
    int days;      /* the window used (city_params resettlement_alert_days) */
};

/*
 * The alerts of as_of: for each case whose scheduled exit is at most `days` days ahead (or
 * already passed) while its resettlement plan is not approved, one resettlement_alert row
 * (kind exit_without_plan) per case and exit date, with the plan's status and a bilingual
 * message.  Idempotent; an audit row when alerts were added.
 */
int po_resettledb_tick(struct po_resettle_tick *out, struct po_store *st, struct po_date as_of,
                       struct po_err *err);

#endif

/*
 * demo_activity.h: a year of a bureau's work on the demo city (`phaseout demo --activity`).
 *
 * On a database that already holds the demo city (po_demo_write() imported),
 * po_demo_activity() does what the city's officials would have done by
 * as_of, each step through the function the CLI and the HTTP API call:
 *   - the evaluation of the latest year with energy data (app/evaldb.h), as of
 *     31 December of that year;
 *   - cases opened on caught findings of that run (app/casedb.h) and moved
 *     through their lifecycle on real dates before as_of, with the
 *     documents each transition requires attached (small PDF files): every
 *     type, and states open, rectifying (one with a granted extension, some
 *     due within 7 or 30 days, one overdue), extension_requested, failed
 *     (the overdue event taken), exit_ordered → exited, passed → closed,
 *     supply_controlled, production_limited, shutdown_ordered, sealed,
 *     dismantled, reported, restricted, closure_proposed, closed_down,
 *     suspended, resumed;
 *   - the reminders of as_of (po_casedb_tick());
 *   - every district's exit plan for that year (app/plandb.h), four units of
 *     eliminated-class equipment each, carried out in full in 海勃湾区, three
 *     of four in 海南区 and one in 乌达区 (the slow district: 约谈);
 *   - the plan's what-if view (app/planwhatif.h, read only) as a check that
 *     it has figures.
 * A deadline that falls in a year data/cn_holidays.csv does not cover yet is
 * provisional and cannot be missed (casefsm): such a case is left rectifying
 * rather than failed, and the tick reports it PROVISIONAL.
 * Actors are the demo accounts of scripts/demo.sh (admin, sthj, yjgl,
 * scjg, haibowan, zhengfu) with their own roles, so the 办理记录 and the
 * audit log name who did what.  Deterministic: the same city and as_of
 * give the same cases, dates and plan.
 *
 * One transaction: all of it or nothing.  Not repeatable: a database that
 * already holds a case is refused (PO_ECONFLICT) and nothing is written.
 *
 * Memory: the report is the caller's struct; what it points at lives in the arena given.  Errors:
 * PO_ECONFLICT (cases already there), PO_ENOTFOUND (no energy data: run `phaseout demo` first; the
 * city lacks a finding or a unit a step needs), PO_EIO (the attachment files cannot be made),
 * PO_EINVAL (a scripted step the state machine refuses: a bug), and the errors of the app/
 * functions and of the store; the transaction is rolled back.
 */
#ifndef PO_DEMO_ACTIVITY_H
#define PO_DEMO_ACTIVITY_H

#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "app/casedb.h"
#include "demo/demo_credit.h"
#include "app/resettledb.h"
#include "store/store.h"
#include "util/err.h"

struct po_arena;

struct po_demo_activity_report {
    int year;       /* the data year evaluated and planned */
    int64_t run_id; /* the evaluation run */
    size_t findings, cases, events, plan_rows;
    struct po_tick_report tick;
    size_t whatif_areas;          /* areas of the what-if view with energy data */
    size_t publications, reports; /* the public side: lists published, public reports filed */
    struct po_demo_credit_report credit; /* credit records, repair, joint punishment, support */
    size_t surcharge_rows;               /* the surcharge run of June of the data year */
    int surcharge_month;
    size_t resettled;             /* exit cases given resettlement plans (demo_resettle.h) */
    struct po_resettle_tick resettle_tick; /* the tick's alerts: exits without an approved plan */
};

int po_demo_activity(struct po_demo_activity_report *out, struct po_store *st, struct po_date as_of,
                     struct po_arena *a, struct po_err *err);

#endif

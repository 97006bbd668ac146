/*
 * plandb.h: district exit plans and their supervision (issue 6 item 5), table exit_plan (0007).
 *
 * A plan row names one unit of one enterprise to exit in a year, its
 * capacity (from the registry unless given), the planned day and the
 * measure; the district is the enterprise's.  Progress is never stored:
 * a planned unit counts as exited when the registry says so (the unit
 * sealed or dismantled, or the enterprise closed or exited — the statuses
 * cases set, app/casedb.h).  Capacity in different units is never added:
 * progress is per (district, capacity unit).
 *
 * Supervision, pro rata through the year: by the as-of day a district
 * should have exited planned × (days elapsed / days in the year); progress
 * is exited / that, in percent (100 when nothing is due yet).  Below the
 * city's interview threshold a district is called to an interview (约谈),
 * below the notice threshold it gets a written notice (通报).
 *
 * Memory: rows, reports and drafts live in the arena given; a json_t * returned is a new
 * reference the caller owns (json_decref).  Errors: PO_ENOTFOUND (no such unit),
 * PO_EINVAL (a bad plan row — every one listed in *errs, nothing written — a planned day outside
 * the year, no capacity known, a bad data/city_params.csv), the file reader's codes (PO_EIO), the
 * store's, PO_ENOMEM, with err filled.
 */
#ifndef PO_PLANDB_H
#define PO_PLANDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "app/listq.h"
#include "core/deadline.h"
#include "store/store.h"
#include "util/err.h"

struct po_arena;

struct po_plan_entry {
    int year;
    const char *uscc, *equipment_id;
    int64_t capacity_micro; /* < 0: the unit's registry capacity */
    struct po_date planned_on;
    const char *measure, *actor;
    /* Filled by po_plandb_read() and po_plandb_rows(); ignored by po_plandb_add(). */
    const char *district_code, *capacity_unit;
    size_t rowno; /* the row of the plan file; 0 when not from a file */
};

/*
 * Add (or replace) one plan row with an audit row, in one transaction.
 * PO_ENOTFOUND no such unit; PO_EINVAL planned day outside the year or no
 * capacity known.
 */
int po_plandb_add(struct po_store *st, const struct po_plan_entry *e, struct po_err *err);

/* One refused row of a plan file. */
struct po_plan_rowerr {
    size_t rowno; /* as the user sees it: the header is row 1 */
    struct po_err err;
};

/*
 * Read and check a plan file (CSV or XLSX, format/table.h) for year, writing
 * nothing: a header row naming the columns uscc, equipment_id, planned_on,
 * measure and optionally capacity (in the unit's capacity unit; empty: the
 * registry's), then one row per unit.  Every row is checked — the fields,
 * the unit in the registry (read-only queries), a capacity known, the day
 * within the year, a unit planned twice in the file — and EVERY bad row is
 * collected in *errs (*nerrs of them, in row order, bilingual, row in
 * err.context), not only the first.  On success *out gets *n resolved
 * entries (capacity, district and capacity unit filled, actor set).
 * Returns PO_EINVAL with *nerrs > 0 when some row is bad (err says how
 * many), or the reader's / store's error for the file as a whole
 * (*nerrs == 0).  Everything lives in a.
 */
int po_plandb_read(struct po_plan_entry **out, size_t *n, struct po_plan_rowerr **errs,
                   size_t *nerrs, struct po_store *st, int year, const char *actor,
                   const char *path, struct po_arena *a, struct po_err *err);

/*
 * Import a plan file for year, all or nothing: po_plandb_read() first;
 * only when every row is good are the rows written, each as
 * po_plandb_add() does (with its audit row), in ONE transaction.  *nrows
 * gets the rows added; errors as po_plandb_read() (nothing written).
 */
int po_plandb_import(int64_t *nrows, struct po_plan_rowerr **errs, size_t *nerrs,
                     struct po_store *st, int year, const char *actor, const char *path,
                     struct po_arena *a, struct po_err *err);

/*
 * The plan rows of year in the database (district NULL: every district),
 * resolved as po_plandb_read() resolves a file's, by district, USCC, unit.
 * Rows live in a.
 */
/*
 * The year a plan view opens on when none is asked for (issue 12): the latest year that has plan
 * rows, else this_year (the current year).  *from_plans tells which (may be NULL).
 */
int po_plandb_default_year(int *out, bool *from_plans, struct po_store *st, int this_year,
                           struct po_err *err);

int po_plandb_rows(struct po_plan_entry **out, size_t *n, struct po_store *st, int year,
                   const char *district, struct po_arena *a, struct po_err *err);

enum po_plan_flag { PO_PLAN_ON_TRACK, PO_PLAN_NOTICE, PO_PLAN_INTERVIEW };

struct po_plan_progress {
    const char *district_code, *district_name, *capacity_unit;
    int64_t planned_micro, expected_micro, exited_micro;
    int64_t units_planned, units_exited;
    double progress_pct; /* exited / expected × 100 */
    enum po_plan_flag flag;
};

/* The city's thresholds: data/city_params.csv (refdata/cityparams.h) unless overridden. */
struct po_plan_thresholds {
    double notice_pct;    /* below: written notice (通报) */
    double interview_pct; /* below: interview (约谈); <= notice_pct */
};

/*
 * The supervision report of year as of as_of: *out gets *n rows, slowest
 * first (then district code).  Rows live in a.
 */
int po_plandb_report(struct po_plan_progress **out, size_t *n, struct po_store *st, int year,
                     struct po_date as_of, const struct po_plan_thresholds *th, struct po_arena *a,
                     struct po_err *err);

/*
 * The draft a flagged row calls for (四(三) of the city's implementing
 * opinion): a written notice (通报) below the notice threshold, an interview
 * notice (约谈通知) below the interview threshold.  The draft names the
 * district, the year, the as-of day and the figures of p, and cites the
 * opinion; staff edit it into the official format before issuing it.
 */
struct po_plan_draft {
    const char *zh; /* the Chinese draft, as issued: a title line, "\n", one paragraph */
    const char *en; /* an English rendering for operators, same shape */
};

/*
 * The draft for p, a row of po_plandb_report() for year as of as_of
 * (`phaseout plan report` prints zh; GET /api/v1/plans/report returns
 * both).  An on-track row has none: out->zh and out->en are NULL and 0 is
 * returned.  The words are report/notice.h's, the periods they give the
 * city's (data/city_params.csv).  The text lives in a.  0, PO_ENOMEM, or
 * PO_EINVAL for a bad data/city_params.csv (err filled).
 */
int po_plandb_draft(struct po_plan_draft *out, const struct po_plan_progress *p, int year,
                    struct po_date as_of, struct po_arena *a, struct po_err *err);

/* ---- for the web: plan rows as JSON objects by column name (app/listq.h), a new reference
 * the caller owns; NULL with err filled (the store's errors) ---- */

#define PO_PLANDB_SORTS "year,uscc,district_code,planned_on,capacity"

/* Which plan rows a list shows: NULL (0) members do not filter. */
struct po_plan_list_filter {
    const char *scope;    /* the user's district */
    const char *district; /* the plan's district */
    const char *uscc;
    int64_t year; /* 0: every year */
};

/* One page of plan rows {year, uscc, enterprise_name, equipment_id, district_code, capacity,
 * capacity_unit, planned_on, measure, exited (from the registry), entered_by, entered_at},
 * newest year first unless pg sorts by one of PO_PLANDB_SORTS; the count of all in *total.
 * Query text in a. */
json_t *po_plandb_page(int64_t *total, struct po_store *st, struct po_arena *a,
                       const struct po_plan_list_filter *f, const struct po_listq_page *pg,
                       struct po_err *err);

/* The plan row of (year, uscc, equipment_id) as the list shows it; json null when none. */
json_t *po_plandb_row(struct po_store *st, int year, const char *uscc, const char *equipment_id,
                      struct po_err *err);

#endif

/*
 * casedb.h: enforcement cases in the database (migration 0006), driven by core/casefsm.
 *
 * A case is stored as case_file (type, enterprise, optional unit and
 * finding, opening) plus its events in case_event, in seq order.  The
 * struct po_case of casefsm is never stored: po_casedb_load() rebuilds it
 * by replaying the events with the calendar, the same way every time, and
 * po_casedb_act() replays, applies the new event, and writes in ONE
 * transaction: the event row, its attachments (app/attach.h), the case's
 * derived columns (state, deadline, deadline_alt — the only columns ever
 * updated, a cache for list and tick queries), the equipment / enterprise
 * status the transition sets (the case's unit, or every unit of the
 * enterprise for a case without one), and an audit row (app/audit.h).
 * Replaying rather than storing the whole struct keeps one source of truth
 * (the append-only log) and lets a corrected calendar recompute deadlines.
 *
 * Errors: PO_ENOTFOUND no such case / enterprise / unit / finding;
 * PO_EINVAL, PO_EPERM the refusals of po_casefsm_apply() with its
 * bilingual reason; PO_EINVAL a bad field or attachment; the store's.
 * PO_ECONFLICT a finding no longer in the latest run, or a case that no longer replays under a
 * new calendar; PO_EINTERNAL a stored event, type or state it cannot read; PO_ENOMEM.
 *
 * Memory: nothing for the caller to free — a struct po_case and the reports are filled in place
 * (fixed size, core/casefsm.h); the strings passed in are only read.
 */
#ifndef PO_CASEDB_H
#define PO_CASEDB_H

#include <stdint.h>

#include "core/casefsm.h"
#include "store/store.h"
#include "util/err.h"

struct po_arena;

/*
 * The city's parameter for intensity exits (三(二) leaves the number of years
 * to the city) is data: intensity_exit_years of data/city_params.csv
 * (refdata/cityparams.h), read on every load and action.  A bad value there makes
 * every case call fail with PO_EINVAL naming the file and row.
 */

struct po_case_open {
    enum po_case_type type;
    const char *uscc;
    const char *equipment_id; /* NULL: the whole enterprise */
    const char *finding_id;   /* NULL: not from an evaluation finding */
    const char *actor;
    enum po_role role; /* the casefsm role the case is opened as */
    struct po_date on;
    /* the actor's own roles: an account's ("city", "drc,energy") when they are not casefsm
     * roles (the web maps them, core/authz.h); NULL: role is the actor's own (the CLI) */
    const char *actor_roles;
    const char *reason; /* NULL: none given */
};

/*
 * Whether a case may be opened on finding_id of the enterprise uscc (issue 12: a missing fact
 * is never a verdict): the finding must be in the latest evaluation run — the newest year
 * evaluated, its latest run — with status caught.  0 when it is; PO_ENOTFOUND when no run
 * holds such a finding of that enterprise; PO_EINVAL (PO_CASEDB_CANNOT_DECIDE_ZH / _EN) when
 * it cannot decide there (data to complete); PO_ECONFLICT when it is not in the latest run
 * (an older run's finding the latest evaluation no longer makes), naming that run.
 */
int po_casedb_finding_check(struct po_store *st, const char *finding_id, const char *uscc,
                            struct po_err *err);
#define PO_CASEDB_CANNOT_DECIDE_ZH "该研判结论为无法判定（数据待补），不能据此立案"
#define PO_CASEDB_CANNOT_DECIDE_EN                                                                 \
    "the finding is cannot-decide (data to complete): no case can be opened on it"

/*
 * Open a case (state open) and write its id to *out: the case_file row with the opener's
 * roles and reason, and the case.open audit row ("role=<actor_roles> acting_as=<role>", or
 * "role=<role>" when actor_roles is NULL), in one transaction.  A finding is checked with
 * po_casedb_finding_check() first.
 */
int po_casedb_open(int64_t *out, struct po_store *st, const struct po_case_open *o,
                   struct po_err *err);

struct po_case_attach {
    const char *doc; /* a document name: order, inspection, application, decision, ranking,
                        photos, commitment, announcement, report, approval */
    const char *path;
};

struct po_case_action {
    const char *actor;
    enum po_role role; /* the casefsm role the step is taken as */
    enum po_case_event_kind event;
    struct po_date on;
    const char *reason;        /* NULL: none */
    const char *const *fields; /* "k=v": months, limit_level, years_worst, licence, checklist */
    size_t nfields;
    const struct po_case_attach *attach;
    size_t nattach;
    const char *actor_roles; /* the actor's own roles, as in struct po_case_open; NULL: role */
};

/* Take an action on case id; *out (may be NULL) gets the case after it. */
int po_casedb_act(struct po_case *out, struct po_store *st, const struct po_calendar *cal,
                  int64_t id, const struct po_case_action *act, struct po_err *err);

/*
 * Rebuild case id by replaying its events.  Load and act count a year the
 * calendar lacks with weekends only (PO_CAL_UNCOVERED_WEEKENDS, whatever
 * cal->uncovered says): the deadline is then provisional
 * (struct po_case's deadline_provisional and uncovered_year, cached in
 * case_file.deadline_uncovered_year), and the first replay with that year's
 * calendar (app/calendardb.h: an import) makes it final.
 */
int po_casedb_load(struct po_case *out, struct po_store *st, const struct po_calendar *cal,
                   int64_t id, struct po_err *err);

/*
 * Replay every case with cal and write back the cached columns (state,
 * deadline, deadline_alt, deadline_uncovered_year) of those that changed;
 * *cases gets the number replayed, *changed those rewritten.  Runs in the
 * caller's transaction (a calendar import's).  PO_ECONFLICT naming the case
 * and casefsm's reason when a recorded event no longer applies under cal.
 */
int po_casedb_refresh(int64_t *cases, int64_t *changed, struct po_store *st,
                      const struct po_calendar *cal, struct po_err *err);

/* A role by its casefsm name ("miit", "system" ...); PO_EINVAL otherwise. */
int po_casedb_role_parse(enum po_role *out, const char *s, struct po_err *err);

struct po_tick_report {
    int64_t due_30, due_7, overdue; /* notifications created by this tick */
    int64_t cases;                  /* cases with a running deadline looked at */
    int early_days, late_days;      /* the windows used (city_params reminder_*_days) */
};

/*
 * The reminders of as_of (issue 6 item 3): for every case with a deadline,
 * a notification due_30 (early..late+1 days left), due_7 (late..0 days left),
 * the windows being the city's (data/city_params.csv reminder_early_days,
 * reminder_late_days; the kinds keep their names whatever the windows), or
 * overdue (as_of after the LATER reading of the last day, casefsm.h: an
 * order is only overdue when no reading of the law leaves time).  An
 * overdue notification names the follow-up (the overdue event and what
 * follows it, e.g. order_exit); it does not take it — an official does.
 * Idempotent: a notification is unique per (case, kind, deadline), so a
 * second tick of the same day, or an earlier day, adds nothing; an
 * audit row is written only when something was added.  A provisional
 * deadline's message says PROVISIONAL with the reason in both languages,
 * and an overdue one proposes "calendar import <year>" before the overdue
 * event (which casefsm refuses until then).
 *
 * The tick's own audit row says "system".  by: who asked for this tick when it is not the
 * schedule (the web's "web:<user>", POST /tick), by_roles their own roles ("city"): when the
 * tick added anything, a second row "tick.run" names them, in the same transaction.  NULL:
 * the scheduled run (`phaseout tick`, the demo), the "system" row only.  *out is filled on
 * success.  Errors: PO_EINTERNAL a stored case unreadable; PO_ENOMEM; the store's.
 */
int po_casedb_tick(struct po_tick_report *out, struct po_store *st, struct po_date as_of,
                   const char *by, const char *by_roles, struct po_err *err);

#endif

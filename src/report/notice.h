/*
 * notice.h: the district notices of the exit-plan supervision (通报, 约谈通知).
 *
 * Words for people, so they live in src/report; the figures come from the
 * caller (app/plandb.c fills them from a row of the supervision report) and
 * the periods the notices give from data/city_params.csv
 * (plan_interview_within_workdays, plan_notice_reply_days): the opinion's
 * 四(三) asks for notices and interviews but sets no period, so they are
 * the city's numbers, not this file's.  Pure formatting: no I/O, no store.
 *
 * Memory: both drafts live in the arena given.  Errors: PO_ENOMEM only (err filled).
 */
#ifndef PO_NOTICE_H
#define PO_NOTICE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "util/err.h"

struct po_arena;

/* What a notice says about a district's lagging exit plan. */
struct po_notice_plan {
    const char *district_name;
    const char *capacity_unit; /* core/units.h capacity unit tag */
    int year;
    struct po_date as_of;
    int64_t planned_micro, expected_micro, exited_micro; /* capacity × 10^6 */
    int64_t units_planned, units_exited;
    double progress_pct; /* exited / expected × 100 */
    bool interview;      /* an interview notice (约谈通知); else a written notice (通报) */
};

/* The periods a notice gives the district (the city's, data/city_params.csv). */
struct po_notice_periods {
    int interview_within_workdays; /* come to the interview within these working days */
    int notice_reply_days;         /* report corrective measures within these days */
};

/*
 * The draft notice for n, citing 四(三) of the city's implementing opinion:
 * *zh the Chinese draft as issued (a title line, "\n", one paragraph), *en
 * an English rendering for operators of the same shape.  Both live in a.
 * 0, or PO_ENOMEM (err filled).
 */
int po_notice_plan_draft(const char **zh, const char **en, const struct po_notice_plan *n,
                         const struct po_notice_periods *periods, struct po_arena *a,
                         struct po_err *err);

#endif

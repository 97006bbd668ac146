/*
 * demo_resettle.c: the demo city's worker resettlement (demo_resettle.h).
 *
 * Figures are small and round so a reader can check the totals by hand: per case 40 + 10k
 * contract workers, 5 + k dispatched, 3 + k % 4 near retirement; compensation 38 500.00 yuan
 * per compensated worker (an N+1 of a made-up wage), training 1 200.50 yuan per worker.
 */
#include "demo/demo_resettle.h"
#include "app/resettledb.h"
#include "core/deadline.h"

#define ACTOR "demo"

static int step(struct po_store *st, int64_t id, enum po_rplan_kind kind, enum po_rplan_status s,
                struct po_date on, enum po_rplan_approver by, const char *doc, struct po_err *err)
{
    struct po_rplan_step_in in = { id,
                                   kind,
                                   s,
                                   on,
                                   s == PO_RPLAN_APPROVED ? by : PO_RAPPROVER_NONE,
                                   s == PO_RPLAN_DRAFT ? NULL : doc,
                                   NULL,
                                   ACTOR };
    return po_resettledb_plan_step(st, &in, err);
}

static int64_t workers(size_t k, enum po_worker_group g)
{
    switch (g) {
    case PO_WG_CONTRACT:
        return 40 + 10 * (int64_t)k;
    case PO_WG_DISPATCHED:
        return 5 + (int64_t)k;
    default:
        return 3 + (int64_t)(k % 4);
    }
}

static int headcount(struct po_store *st, int64_t id, struct po_date on, size_t k,
                     struct po_err *err)
{
    struct po_resettle_headcount_in h = { id,
                                          { workers(k, PO_WG_CONTRACT),
                                            workers(k, PO_WG_DISPATCHED),
                                            workers(k, PO_WG_NEAR_RETIREMENT) },
                                          on,
                                          "职工花名册",
                                          ACTOR };
    return po_resettledb_headcount(st, &h, err);
}

/* Both plans up to `upto`, the first step on `from`, one step every 10 days. */
static int plans(struct po_store *st, int64_t id, struct po_date from, enum po_rplan_status upto,
                 size_t k, struct po_err *err)
{
    enum po_rplan_approver by = k % 2 ? PO_RAPPROVER_DISTRICT : PO_RAPPROVER_CONGRESS;
    int rc = 0;
    for (int s = PO_RPLAN_DRAFT; rc == 0 && s <= (int)upto; s++) {
        struct po_date on = po_deadline_add_days(from, 10 * (s - PO_RPLAN_DRAFT));
        rc = step(st, id, PO_RPLAN_RESETTLEMENT, (enum po_rplan_status)s, on, by,
                  s == PO_RPLAN_APPROVED
                      ? (by == PO_RAPPROVER_CONGRESS ? "职工代表大会决议" : "区人民政府批复")
                      : "职工安置方案（送审稿）",
                  err);
        if (rc == 0)
            rc = step(st, id, PO_RPLAN_RISK, (enum po_rplan_status)s, on, PO_RAPPROVER_DISTRICT,
                      "风险处置预案", err);
    }
    return rc;
}

int po_demo_resettle_before_exit(struct po_store *st, int64_t id, struct po_date exit_on, size_t k,
                                 struct po_err *err)
{
    struct po_date from = po_deadline_add_days(exit_on, -40);
    int rc = headcount(st, id, po_deadline_add_days(from, -5), k, err);
    if (rc == 0)
        rc = plans(st, id, from, PO_RPLAN_APPROVED, k, err);
    return rc;
}

static int outcome(struct po_store *st, int64_t id, enum po_worker_group g,
                   enum po_resettle_outcome o, int64_t n, int64_t fen_each, struct po_date on,
                   struct po_err *err)
{
    struct po_resettle_outcome_in in = { id, g, o, n, n * fen_each, on, "安置台账", NULL, ACTOR };
    return po_resettledb_outcome(st, &in, err);
}

/* Every group's outcomes: the contract workers split four ways, the others one way each. */
static int outcomes(struct po_store *st, int64_t id, struct po_date on, size_t k,
                    struct po_err *err)
{
    int64_t c = workers(k, PO_WG_CONTRACT);
    int rc = outcome(st, id, PO_WG_CONTRACT, PO_RO_REEMPLOYED_INTERNAL, c / 2, 0, on, err);
    if (rc == 0)
        rc = outcome(st, id, PO_WG_CONTRACT, PO_RO_REEMPLOYED_EXTERNAL, c / 4, 0, on, err);
    if (rc == 0)
        rc = outcome(st, id, PO_WG_CONTRACT, PO_RO_COMPENSATED, c - c / 2, 3850000, on, err);
    if (rc == 0)
        rc = outcome(st, id, PO_WG_CONTRACT, PO_RO_TRAINED, c / 4, 120050, on, err);
    if (rc == 0)
        rc = outcome(st, id, PO_WG_DISPATCHED, PO_RO_REEMPLOYED_EXTERNAL,
                     workers(k, PO_WG_DISPATCHED), 0, on, err);
    if (rc == 0)
        rc = outcome(st, id, PO_WG_NEAR_RETIREMENT, PO_RO_RETIRED_EARLY,
                     workers(k, PO_WG_NEAR_RETIREMENT), 0, on, err);
    if (rc == 0)
        rc = outcome(st, id, PO_WG_NEAR_RETIREMENT, PO_RO_INSURANCE_TRANSFERRED,
                     workers(k, PO_WG_NEAR_RETIREMENT), 0, on, err);
    return rc;
}

int po_demo_resettle_after_exit(struct po_store *st, int64_t id, struct po_date exit_on,
                                struct po_date today, size_t k, struct po_err *err)
{
    int variant = (int)(k % 3); /* 0: stays approved, 1: executing, 2: done */
    struct po_date run = po_deadline_add_days(exit_on, 5), done = po_deadline_add_days(exit_on, 45);
    int rc = 0;
    if (variant >= 1 && po_date_cmp(run, today) <= 0) {
        rc = step(st, id, PO_RPLAN_RESETTLEMENT, PO_RPLAN_EXECUTING, run, PO_RAPPROVER_NONE,
                  "安置方案实施情况报告", err);
        if (rc == 0)
            rc = outcome(st, id, PO_WG_CONTRACT, PO_RO_REEMPLOYED_INTERNAL,
                         workers(k, PO_WG_CONTRACT) / 4, 0, run, err);
    }
    if (rc == 0 && variant == 2 && po_date_cmp(done, today) <= 0) {
        rc = outcomes(st, id, done, k, err);
        if (rc == 0)
            rc = step(st, id, PO_RPLAN_RESETTLEMENT, PO_RPLAN_DONE, done, PO_RAPPROVER_NONE,
                      "安置工作完成报告", err);
    }
    return rc;
}

int po_demo_resettle_pending(struct po_store *st, int64_t id, struct po_date today, size_t k,
                             struct po_err *err)
{
    struct po_date from = po_deadline_add_days(today, -30);
    int rc = headcount(st, id, po_deadline_add_days(from, -5), k, err);
    if (rc == 0)
        rc = plans(st, id, from, k % 2 ? PO_RPLAN_SUBMITTED : PO_RPLAN_DRAFT, k, err);
    return rc;
}

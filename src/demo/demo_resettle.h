/*
 * demo_resettle.h: worker resettlement of the demo city's exit cases (issue 15 §5).
 *
 * The demo takes the final exit of some cases (confirm_exit, dismantle, approve_closure): each
 * first gets its headcount and an approved resettlement plan and risk-handling plan (the state
 * machine refuses the exit otherwise), and afterwards, by turns, stays approved, goes on to
 * executing, or to done with every group's outcomes.  Cases that stop before their final exit
 * (sealed, shutdown ordered, closure proposed, exit ordered) get a plan left in draft or
 * submitted, so `tick` alerts those whose exit is scheduled.  k numbers the cases in turn and
 * picks the variant and the figures; nothing is random.
 *
 * Errors: those of app/resettledb.h, err filled.
 */
#ifndef PO_DEMO_RESETTLE_H
#define PO_DEMO_RESETTLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "store/store.h"

/* Headcount and both plans approved, dated before exit_on. */
int po_demo_resettle_before_exit(struct po_store *st, int64_t id, struct po_date exit_on, size_t k,
                                 struct po_err *err);

/* After the exit on exit_on: by turns approved, executing, or done with outcomes (no step after
 * today). */
int po_demo_resettle_after_exit(struct po_store *st, int64_t id, struct po_date exit_on,
                                struct po_date today, size_t k, struct po_err *err);

/* A case still before its exit: headcount and a plan in draft or submitted, dated before today. */
int po_demo_resettle_pending(struct po_store *st, int64_t id, struct po_date today, size_t k,
                             struct po_err *err);

#endif

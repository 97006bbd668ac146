/*
 * evalread.h: reading stored evaluation runs back (`explain`, `evaluate --diff`, the API).
 *
 * Runs are immutable (migration 0005), so what is read is exactly what was
 * printed when the run was made: the explanation of a finding cites the rule
 * version, legal basis and figures of its run, not today's rule file.  The
 * difference of two runs is computed here once, so `evaluate --diff` and
 * GET /api/v1/evaluations/{id}/diff list the same findings.
 *
 * Memory: findings and differences live in the arena given (the differences point into the
 * findings compared).  Errors: PO_ENOTFOUND (no such finding or run, named), PO_ENOMEM, the
 * store's, with err filled.
 */
#ifndef PO_EVALREAD_H
#define PO_EVALREAD_H

#include <stddef.h>
#include <stdint.h>

#include "core/finding.h"
#include "store/store.h"

struct po_arena;

/*
 * The finding finding_id of the latest run that has it (or of run_id when
 * run_id > 0).  PO_ENOTFOUND when no run has it.  Lives in a.
 */
int po_evalread_finding(struct po_stored_finding *out, struct po_store *st, const char *finding_id,
                        int64_t run_id, struct po_arena *a, struct po_err *err);

/* All findings of a run, by finding_id.  PO_ENOTFOUND when the run does not exist. */
int po_evalread_run(struct po_stored_finding **out, size_t *n, struct po_store *st, int64_t run_id,
                    struct po_arena *a, struct po_err *err);

/* What became of a finding from run a to run b. */
enum po_evaldiff_change {
    PO_EVALDIFF_REMOVED, /* in a only */
    PO_EVALDIFF_ADDED,   /* in b only */
    PO_EVALDIFF_CHANGED, /* in both, with another status, measure, evidence or legal basis */
};

/* One difference: before is NULL for an added finding, after for a removed one. */
struct po_evaldiff {
    enum po_evaldiff_change change;
    const struct po_stored_finding *before, *after;
};

/* "removed", "added" or "changed" (the CLI's change column). */
const char *po_evalread_change_name(enum po_evaldiff_change c);

/*
 * Compare two runs' findings, each sorted by finding_id as po_evalread_run
 * returns them.  *out gets the differences in finding_id order (unchanged
 * findings are left out); they point into a and b.  A finding id names the
 * rule version, so a new edition of a rule is one finding removed and one
 * added.  *out lives in ar.  Errors: PO_ENOMEM.
 */
int po_evalread_compare(struct po_evaldiff **out, size_t *n, const struct po_stored_finding *a,
                        size_t na, const struct po_stored_finding *b, size_t nb,
                        struct po_arena *ar, struct po_err *err);

/*
 * Read runs run_a and run_b (in that order) and compare them as
 * po_evalread_compare.  PO_ENOTFOUND, naming the run, when either does not
 * exist.  Everything lives in a.
 */
int po_evalread_diff(struct po_evaldiff **out, size_t *n, struct po_store *st, int64_t run_a,
                     int64_t run_b, struct po_arena *a, struct po_err *err);

#endif

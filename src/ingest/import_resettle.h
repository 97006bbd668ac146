/*
 * import_resettle.h: the resettlement kind (import --kind resettlement; issue 15 §5): one row per
 * record of a case's worker resettlement — a headcount, a step of the resettlement or
 * risk-handling plan, or an outcome figure — written through app/resettledb.h in the import's
 * one transaction.  Every row is checked before anything is written: the case exists, the
 * record's own columns are there, each plan step follows the plan's status (the database's,
 * then the file's earlier rows: core/resettle.h), dates in order, amounts with at most two
 * decimals.  A bad row is a diagnostic naming file, row and column; then nothing is written.
 *
 * Memory: the plan statuses seen live in the import's arena.  Errors: PO_ENOMEM from the checks;
 * the writer returns the store's.
 */
#ifndef PO_IMPORT_RESETTLE_H
#define PO_IMPORT_RESETTLE_H

#include <stddef.h>

#include "ingest/import_int.h"

/* Its columns (import_kinds.c holds the table in this order). */
enum {
    RS_CASE,
    RS_RECORD,
    RS_ON,
    RS_PLAN,
    RS_STATUS,
    RS_APPROVED_BY,
    RS_CONTRACT,
    RS_DISPATCHED,
    RS_NEAR,
    RS_GROUP,
    RS_OUTCOME,
    RS_WORKERS,
    RS_AMOUNT,
    RS_DOCUMENT,
    RS_NOTE,
    RS_NCOLS
};

int po_import_resettle_check(struct imp *im, size_t r);
int po_import_resettle_finish(struct imp *im);
int po_import_resettle_write(struct imp *im, const char *actor, struct po_err *err);

#endif

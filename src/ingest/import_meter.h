/*
 * import_meter.h: the meter kind's folding (import_meter.c): readings of a
 * metering point are summed into the month's energy row.  Used by the meter
 * kind of import_kinds.c; diagnostics go through ingest/import_diag.h.
 *
 * Memory: the monthly totals live in the import's arena (im->kind_state).
 * Errors: PO_ENOMEM only; a bad reading is a diagnostic (0 from fold).
 */
#ifndef PO_IMPORT_METER_H
#define PO_IMPORT_METER_H

#include <stddef.h>

#include "ingest/import_int.h"

/* The meter kind: where its cells are. */
struct po_meter_fold_cols {
    int year, month, qty, unit, meter, ts;
};
/* Fold reading r into its month's total: 1 (folded), 0 (diagnosed) or PO_ENOMEM. */
int po_import_meter_fold(struct imp *im, size_t r, const struct po_meter_fold_cols *fc);
/* Replace the rows with the monthly totals.  0 or PO_ENOMEM. */
int po_import_meter_finish(struct imp *im);

#endif

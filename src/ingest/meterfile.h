/*
 * meterfile.h: a meter-readings CSV into daily and monthly totals (phaseout meter).
 *
 * The file is the monitoring platforms' feed as ../shared/bench/gen.py
 * meter writes it: uscc,meter_id,timestamp,energy_type,value (columns found
 * by header name, any order; extra columns ignored).  Every row is checked:
 * a non-empty uscc, meter_id and energy_type, a timestamp
 * "YYYY-MM-DD HH:MM:SS" on the calendar, a value >= 0 with at most 3
 * decimals; any failure is PO_EINVAL naming file, row, column and value in
 * both languages.  The bytes are read in opts->threads parallel parts, each
 * into its own aggregator (core/meter.h), merged at the end.
 *
 * Memory: the totals live in the arena given.  Errors: PO_EIO (the file
 * cannot be read), PO_EINVAL (a bad row or header, named), PO_ENOMEM,
 * PO_EINTERNAL, with err filled.
 */
#ifndef PO_METERFILE_H
#define PO_METERFILE_H

#include "core/meter.h"
#include "util/err.h"

struct po_arena;

/*
 * Read path and sum it into *out (which lives in a).  threads >= 1.
 * Returns 0, PO_EIO, PO_EINVAL, PO_ENOMEM or PO_EINTERNAL with err filled.
 * *readings (if not NULL) gets the number of readings.
 */
int po_meterfile_read(struct po_meter_result *out, uint64_t *readings, const char *path,
                      unsigned threads, struct po_arena *a, struct po_err *err);

#endif
